/** Options of {@link createUniqueNamer}. */
export interface UniqueNamerOptions {
  /** Longest name handed out; suffixes are fitted inside it. */
  maxLength?: number;
}

/**
 * Hands out names that are unique within one scope (tools of an expose, operations of an
 * adapter): the first `list-pets` stays as is, the next becomes `list-pets-2`, and a name that
 * is too long is cut so that the suffix still fits.
 */
export function createUniqueNamer({ maxLength = 64 }: UniqueNamerOptions = {}): (base: string) => string {
  const taken = new Set<string>();
  return (base) => {
    const trimmed = trimName(base, maxLength);
    let name = trimmed;
    for (let counter = 2; taken.has(name); counter++) {
      const suffix = `-${counter}`;
      name = `${trimName(trimmed, maxLength - suffix.length)}${suffix}`;
    }
    taken.add(name);
    return name;
  };
}

function trimName(name: string, maxLength: number): string {
  return name.length <= maxLength ? name : name.slice(0, maxLength).replace(/-+$/, '');
}
