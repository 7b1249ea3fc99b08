export type { McpExposerOptions } from './create-mcp-exposer.js';
export { createMcpExposer } from './create-mcp-exposer.js';
export type { JsonFormat } from './to-tool-result.js';
