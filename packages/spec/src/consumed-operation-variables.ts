import {
  asArray,
  asDict,
  type ConsumedOperation,
  isDict,
  parameterNames,
  placeholderNames,
} from './capability-index.js';
import { templateReferences, visitStrings } from './template-references.js';

/**
 * Names a call may supply to a consumed operation: its declared parameters (operation, resource
 * and adapter level) and the variables its path, body, parameter values and auth templates use.
 * The official examples pass body fields this way (`with: {shipImo: …}` fills `{{shipImo}}`).
 */
export function consumedOperationVariables(target: ConsumedOperation): Set<string> {
  const names = new Set<string>([
    ...parameterNames(target.adapter.inputParameters),
    ...parameterNames(target.resource.inputParameters),
    ...parameterNames(target.operation.inputParameters),
  ]);
  const path = typeof target.resource.path === 'string' ? target.resource.path : '';
  for (const name of placeholderNames(path)) names.add(name);
  const collect = (text: string) => {
    for (const name of templateReferences(text)) names.add(name.split('.')[0]!);
  };
  visitStrings(target.operation.body, '', collect);
  for (const parameters of [
    target.adapter.inputParameters,
    target.resource.inputParameters,
    target.operation.inputParameters,
  ]) {
    for (const parameter of asArray(parameters)) {
      if (isDict(parameter)) visitStrings(parameter.value, '', collect);
    }
  }
  visitStrings(asDict(target.adapter.authentication), '', collect);
  return names;
}
