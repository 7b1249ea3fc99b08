export type { HttpConsumerOptions } from './create-http-consumer.js';
export { createHttpConsumer } from './create-http-consumer.js';
