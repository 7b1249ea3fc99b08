/** Values resolved from `binds` at start: flat (`VAR`) and by bind namespace (`env.VAR`). */
export interface BindingValues {
  readonly flat: Readonly<Record<string, string>>;
  readonly byNamespace: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

export const emptyBindingValues: BindingValues = Object.freeze({
  flat: Object.freeze({}),
  byNamespace: Object.freeze({}),
});
