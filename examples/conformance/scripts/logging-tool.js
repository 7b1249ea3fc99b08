// The call's log line reaches the client only when the request asks for it (`_meta` logLevel).
result = 'logged through the request-scoped, logLevel-gated channel';
