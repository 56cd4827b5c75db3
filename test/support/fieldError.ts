// The FieldError a node helper throws for bad input (a test fails when it throws nothing or another error).
import { FieldError } from '../../nodes/shared/errors';

export function fieldErrorOf(run: () => unknown): FieldError {
	try {
		run();
	} catch (error) {
		if (error instanceof FieldError) return error;
		throw error;
	}
	throw new Error('expected a FieldError');
}
