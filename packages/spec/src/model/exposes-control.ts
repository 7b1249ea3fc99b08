import { Type } from '@sinclair/typebox';
import { closedObject, stringEnum } from './schema-helpers.js';
import { SCRIPT_LANGUAGES } from './steps.js';

export const exposesControlDefinitions = {
  ExposesControl: closedObject(
    {
      type: Type.Literal('control'),
      address: Type.Optional(Type.Ref('Address', { default: 'localhost' })),
      port: Type.Ref('Port'),
      authentication: Type.Optional(Type.Ref('Authentication')),
      management: Type.Optional(Type.Ref('ControlManagement')),
      observability: Type.Optional(Type.Ref('Observability')),
    },
    { description: 'The management plane: health, info, reload, logs, metrics and traces.' },
  ),
  ControlManagement: closedObject({
    health: Type.Optional(Type.Boolean({ default: true })),
    info: Type.Optional(Type.Boolean({ default: false })),
    reload: Type.Optional(Type.Boolean({ default: false })),
    validate: Type.Optional(Type.Boolean({ default: false })),
    logs: Type.Optional(Type.Union([Type.Boolean(), Type.Ref('ControlLogs')], { default: false })),
    scripting: Type.Optional(Type.Ref('ScriptingManagement')),
  }),
  ControlLogs: closedObject({
    'level-control': Type.Optional(Type.Boolean({ default: true })),
    stream: Type.Optional(Type.Boolean({ default: false })),
    'max-subscribers': Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
  }),
  ScriptingManagement: closedObject({
    enabled: Type.Optional(Type.Boolean({ default: true })),
    defaultLocation: Type.Optional(Type.Ref('FileUri')),
    defaultLanguage: Type.Optional(stringEnum(SCRIPT_LANGUAGES)),
    timeout: Type.Optional(Type.Integer({ minimum: 1, default: 60000, description: 'Milliseconds.' })),
    statementLimit: Type.Optional(Type.Integer({ minimum: 1, default: 100000 })),
    allowedLanguages: Type.Optional(Type.Array(stringEnum(SCRIPT_LANGUAGES))),
  }),
  Observability: closedObject({
    enabled: Type.Optional(Type.Boolean({ default: true })),
    metrics: Type.Optional(Type.Ref('ObservabilityMetrics')),
    traces: Type.Optional(Type.Ref('ObservabilityTraces')),
    exporters: Type.Optional(Type.Ref('ObservabilityExporters')),
  }),
  ObservabilityMetrics: closedObject({ local: Type.Optional(Type.Ref('ObservabilityLocalEndpoint')) }),
  ObservabilityTraces: closedObject({
    sampling: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 1 })),
    propagation: Type.Optional(stringEnum(['w3c', 'b3'] as const, { default: 'w3c' })),
    local: Type.Optional(Type.Ref('ObservabilityTracesLocal')),
  }),
  ObservabilityLocalEndpoint: closedObject({ enabled: Type.Optional(Type.Boolean({ default: true })) }),
  ObservabilityTracesLocal: closedObject({
    enabled: Type.Optional(Type.Boolean({ default: true })),
    'buffer-size': Type.Optional(Type.Integer({ minimum: 10, maximum: 10000, default: 100 })),
  }),
  ObservabilityExporters: closedObject({ otlp: Type.Optional(Type.Ref('ObservabilityOtlpExporter')) }),
  ObservabilityOtlpExporter: closedObject({ endpoint: Type.String({ description: 'OTLP collector URL.' }) }),
};
