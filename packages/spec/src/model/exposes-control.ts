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
  ControlManagement: closedObject(
    {
      health: Type.Optional(Type.Boolean({ default: true })),
      info: Type.Optional(Type.Boolean({ default: false })),
      reload: Type.Optional(Type.Boolean({ default: false })),
      validate: Type.Optional(Type.Boolean({ default: false })),
      logs: Type.Optional(Type.Union([Type.Boolean(), Type.Ref('ControlLogs')], { default: false })),
      scripting: Type.Optional(Type.Ref('ScriptingManagement')),
    },
    { description: 'Which management endpoints are on.' },
  ),
  ControlLogs: closedObject(
    {
      'level-control': Type.Optional(Type.Boolean({ default: true })),
      stream: Type.Optional(Type.Boolean({ default: false })),
      'max-subscribers': Type.Optional(Type.Integer({ minimum: 1, maximum: 20, default: 5 })),
    },
    { description: 'The log endpoint: level changes and live streaming.' },
  ),
  ScriptingManagement: closedObject(
    {
      enabled: Type.Optional(Type.Boolean({ default: true })),
      defaultLocation: Type.Optional(Type.Ref('FileUri')),
      defaultLanguage: Type.Optional(stringEnum(SCRIPT_LANGUAGES)),
      timeout: Type.Optional(Type.Integer({ minimum: 1, default: 60000, description: 'Milliseconds.' })),
      statementLimit: Type.Optional(Type.Integer({ minimum: 1, default: 100000 })),
      allowedLanguages: Type.Optional(Type.Array(stringEnum(SCRIPT_LANGUAGES))),
    },
    { description: 'Limits and defaults for script steps.' },
  ),
  Observability: closedObject(
    {
      enabled: Type.Optional(Type.Boolean({ default: true })),
      metrics: Type.Optional(Type.Ref('ObservabilityMetrics')),
      traces: Type.Optional(Type.Ref('ObservabilityTraces')),
      exporters: Type.Optional(Type.Ref('ObservabilityExporters')),
    },
    { description: 'Metrics and traces of the running capability.' },
  ),
  ObservabilityMetrics: closedObject(
    { local: Type.Optional(Type.Ref('ObservabilityLocalEndpoint')) },
    { description: 'Metrics collection.' },
  ),
  ObservabilityTraces: closedObject(
    {
      sampling: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 1 })),
      propagation: Type.Optional(stringEnum(['w3c', 'b3'] as const, { default: 'w3c' })),
      local: Type.Optional(Type.Ref('ObservabilityTracesLocal')),
    },
    { description: 'Trace sampling, propagation and local buffering.' },
  ),
  ObservabilityLocalEndpoint: closedObject(
    { enabled: Type.Optional(Type.Boolean({ default: true })) },
    { description: 'Serves the data from the control port.' },
  ),
  ObservabilityTracesLocal: closedObject(
    {
      enabled: Type.Optional(Type.Boolean({ default: true })),
      'buffer-size': Type.Optional(Type.Integer({ minimum: 10, maximum: 10000, default: 100 })),
    },
    { description: 'Keeps recent traces in memory for the control port.' },
  ),
  ObservabilityExporters: closedObject(
    { otlp: Type.Optional(Type.Ref('ObservabilityOtlpExporter')) },
    { description: 'Where telemetry is exported.' },
  ),
  ObservabilityOtlpExporter: closedObject(
    { endpoint: Type.String({ description: 'OTLP collector URL.' }) },
    { description: 'An OpenTelemetry (OTLP) collector.' },
  ),
};
