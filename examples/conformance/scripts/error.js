// A script that throws makes the call a tool error (isError), as the suite's test_error_handling expects.
throw new Error('This tool intentionally returns an error for testing');
