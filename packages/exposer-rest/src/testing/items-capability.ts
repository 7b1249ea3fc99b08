/**
 * The capability most exposer tests run: every mode of a rest expose (call + with, mapped
 * output, mock, pass-through text, upstream errors, SSE, forward) against `startTestUpstream`.
 * `authentication` is spliced into the rest expose when given (YAML flow mapping).
 */
export function itemsCapability(upstreamUrl: string, authentication?: string): string {
  return `
naftiko: 1.0.0-alpha2
info:
  label: Items API
  description: Items for exposer tests
binds:
  - namespace: env
    keys:
      UPSTREAM_KEY: UPSTREAM_KEY
      GATEWAY_TOKEN: GATEWAY_TOKEN
capability:
  consumes:
    - type: http
      namespace: up
      baseUri: ${upstreamUrl}
      authentication:
        type: bearer
        token: '{{UPSTREAM_KEY}}'
      resources:
        - name: item
          path: /items/{{id}}
          operations:
            - name: get-item
              method: GET
              inputParameters:
                - { name: id, in: path }
                - { name: limit, in: query }
                - { name: tags, in: query }
        - name: items
          path: /items
          operations:
            - name: create-item
              method: POST
              inputParameters:
                - { name: body, in: body }
        - name: fail
          path: /fail/{{status}}
          operations:
            - { name: fail, method: GET, inputParameters: [{ name: status, in: path }] }
        - name: slow
          path: /slow
          operations:
            - { name: slow, method: GET }
        - name: text
          path: /text
          operations:
            - { name: text, method: GET, outputRawFormat: text }
        - name: events
          path: /events/stream
          operations:
            - { name: events, method: GET, inputParameters: [{ name: end, in: query }] }
    - type: http
      namespace: fwd
      baseUri: ${upstreamUrl}/proxy
  exposes:
    - type: rest
      namespace: api
      port: 8080
      ${authentication ? `authentication: ${authentication}` : ''}
      resources:
        - path: /items/{id}
          inputParameters:
            - { name: id, in: path, type: string, pattern: '^[a-z0-9.-]+$', description: Item id }
          operations:
            - method: GET
              name: get-item
              inputParameters:
                - { name: limit, in: query, type: integer, description: Page size }
                - { name: tags, in: query, type: array, description: Tags }
                - { name: X-Trace, in: header, type: string, pattern: '^t-', description: Trace id }
                - { name: session, in: cookie, type: integer, description: Session number }
              call: up.get-item
              with:
                id: rest.id
                limit: rest.limit
                tags: rest.tags
        - path: /items/{{id}}/summary
          operations:
            - method: GET
              name: item-summary
              call: up.get-item
              with:
                id: api.id
              outputParameters:
                - type: object
                  properties:
                    itemId: { type: string, mapping: $.id }
        - path: /items
          operations:
            - method: POST
              name: create-item
              inputParameters:
                - { name: body, in: body, type: object, description: The item }
              call: up.create-item
              with:
                body: rest.body
        - path: /mock
          operations:
            - method: GET
              name: mock
              inputParameters:
                - { name: who, in: query, type: string, description: Who to greet }
              outputParameters:
                - { name: greeting, type: string, value: 'hello {{who}}' }
            - method: POST
              name: mock-from-body
              inputParameters:
                - { name: who, in: body, type: string, value: '$.person.name', description: Who to greet }
              outputParameters:
                - { name: greeting, type: string, value: 'hello {{who}}' }
        - path: /fail/{status}
          operations:
            - { method: GET, name: fail, call: up.fail, with: { status: rest.status } }
        - path: /slow
          operations:
            - { method: GET, call: up.slow }
        - path: /text
          operations:
            - { method: GET, call: up.text }
        - path: /events/stream
          operations:
            - method: GET
              name: events
              inputParameters:
                - { name: end, in: query, type: string, description: End after three events }
              call: up.events
              with:
                end: rest.end
        - path: /proxy
          forward:
            targetNamespace: fwd
            trustedHeaders: [X-Trace, Authorization]
        - path: /raw
          forward:
            targetNamespace: up
        - path: /notion/{{path}}
          description: The official catch-all form of a forward resource.
          forward:
            targetNamespace: fwd
`;
}
