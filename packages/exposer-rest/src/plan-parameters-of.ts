import { type Action, planRestParameters, type RestParameterPlan } from '@naftiko/core';
import type { PlannedOperation } from './plan-rest-routes.js';

/** Core's parameter plan of one planned route, given the action (its derived input schema). */
export function planParametersOf(
  planned: PlannedOperation,
  action: Pick<Action, 'inputSchema'>,
): RestParameterPlan {
  return planRestParameters({
    method: planned.method,
    path: planned.route.openApiPath,
    parameters: planned.parameters,
    inputSchema: action.inputSchema,
    place: planned.place,
  });
}
