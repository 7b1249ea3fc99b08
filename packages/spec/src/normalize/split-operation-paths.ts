import { asArray, asDict, asString, type Dict } from '../capability-index.js';
import { joinPointer } from '../json-pointer.js';
import { belowPath, unique } from './normalize-shared.js';
import type { PointerMoves } from './pointer-moves.js';

export interface SplitOperationPathsOptions {
  /** The consumes or REST expose entry whose `resources` are split. */
  owner: Dict;
  pointer: string;
  moves: PointerMoves;
  /**
   * The resource an operation with its own `path` moves to: the resource's other keys and the
   * joined path are given; `name` is a fresh name for it, or undefined when it needs none.
   */
  build: (options: { resource: Dict; operation: Dict; path: string; name: string | undefined }) => Dict;
  /** A resource without a name still gets one (consumes resources need it). */
  nameFallback?: string;
}

/**
 * Each operation with its own `path` (a community construct) becomes a resource of its own,
 * appended to the list, its path joined below the resource's; diagnostics keep pointing at the
 * lines as written through `moves`.
 */
export function splitOperationPaths({
  owner,
  pointer,
  moves,
  build,
  nameFallback,
}: SplitOperationPathsOptions): void {
  const resources = asArray(owner.resources);
  const names = new Set(resources.flatMap((resource) => asString(asDict(resource)?.name) ?? []));
  const count = resources.length;
  for (let index = 0; index < count; index++) {
    const resource = asDict(resources[index]);
    if (!resource) continue;
    const resourcePointer = joinPointer(pointer, 'resources', index);
    const operations = asArray(resource.operations);
    for (let position = 0; position < operations.length; ) {
      const operation = asDict(operations[position]);
      const path = asString(operation?.path);
      if (!operation || path === undefined) {
        position++;
        continue;
      }
      const operationPointer = joinPointer(resourcePointer, 'operations', position);
      const target = joinPointer(pointer, 'resources', resources.length);
      delete operation.path;
      const base = asString(resource.name) ?? nameFallback;
      const name =
        base === undefined ? undefined : unique(`${base}-${asString(operation.name) ?? position}`, names);
      if (name !== undefined) names.add(name);
      resources.push(
        build({ resource, operation, path: belowPath(asString(resource.path) ?? '', path), name }),
      );
      operations.splice(position, 1);
      const shifted: Array<[string, string]> = [];
      for (let later = position; later < operations.length; later++) {
        shifted.push([
          joinPointer(resourcePointer, 'operations', later),
          joinPointer(resourcePointer, 'operations', later + 1),
        ]);
      }
      moves.step([
        ...shifted,
        [target, resourcePointer],
        [joinPointer(target, 'path'), joinPointer(operationPointer, 'path')],
        ...(name === undefined
          ? []
          : [[joinPointer(target, 'name'), joinPointer(operationPointer, 'name')] as [string, string]]),
        [joinPointer(target, 'operations', 0), operationPointer],
      ]);
    }
  }
}
