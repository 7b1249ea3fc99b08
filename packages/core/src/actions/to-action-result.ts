import { emptyBindingValues } from '../binds/binding-values.js';
import type { ActionResult, ConsumerResponse } from '../extension.js';
import type { OutputShaper } from '../output/mapped-output.js';
import type { TemplateContext } from '../template.js';
import { createTemplateContext } from '../template-context.js';

/** A 200 JSON result (mocks, steps). */
export function jsonResult(value: unknown): ActionResult {
  return { type: 'json', value, status: 200, contentType: 'application/json' };
}

/** Output templates (`value:`) see the arguments only - never bound secrets. */
export function outputContext(
  args: Record<string, unknown>,
  argumentNamespaces: readonly string[],
): TemplateContext {
  return createTemplateContext({
    bindings: emptyBindingValues,
    parameters: args,
    arguments: args,
    argumentNamespaces,
  });
}

/**
 * A call's upstream answer as the action's result: data through the mapped outputParameters when
 * there are any (the context is built only then), otherwise status, content type and headers
 * pass through.
 */
export function toActionResult(
  response: ConsumerResponse,
  shaper: OutputShaper | undefined,
  context: () => TemplateContext,
): ActionResult {
  const { status, headers, contentType, body } = response;
  switch (body.type) {
    case 'data':
      if (shaper)
        return {
          type: 'json',
          value: shaper.shape(body.value, context()),
          status,
          contentType: 'application/json',
          headers,
        };
      return {
        type: 'json',
        value: body.value,
        status,
        contentType: contentType ?? 'application/json',
        headers,
      };
    case 'text':
      return { type: 'text', text: body.text, status, contentType: contentType ?? 'text/plain', headers };
    case 'stream':
      return {
        type: 'stream',
        events: body.events,
        status,
        contentType: contentType ?? 'text/event-stream',
        headers,
      };
  }
}
