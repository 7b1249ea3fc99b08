import { NaftikoError } from '@naftiko/core';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// CR and LF would end the header and let a value inject headers or a whole request; NUL is
// refused by every HTTP parser. Other control characters (tab included) are legal field content.
const FORBIDDEN_IN_VALUE = /[\r\n\0]/;

export interface CheckHeaderOptions {
  operation: string;
  name: string;
  value: string;
}

/** Throws REQUEST_INVALID naming the header when the name is not a token or the value has CR/LF/NUL. */
export function checkHeader(options: CheckHeaderOptions): void {
  const { operation, name, value } = options;
  if (!TOKEN.test(name)) {
    throw new NaftikoError('REQUEST_INVALID', `${operation}: '${name}' is not a valid HTTP header name`, {
      data: { operation, parameter: name },
    });
  }
  if (FORBIDDEN_IN_VALUE.test(value)) {
    throw new NaftikoError(
      'REQUEST_INVALID',
      `${operation}: the value of header '${name}' contains a line break or NUL character, which could inject headers; remove it`,
      { data: { operation, parameter: name } },
    );
  }
}
