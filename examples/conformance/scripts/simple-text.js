// A string result is the tool's text content.
result = 'This is a simple text response for testing.';
