// `context.id` is the `{id}` of the resource template URI.
result = { id: context.id, templateTest: true, data: `Data for ID: ${context.id}` };
