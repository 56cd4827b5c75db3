// The one error type of the simulator. The state module and the route handlers throw it; the HTTP
// layer turns it into fiskaly's error body `{status_code, error, code, message}` (REFERENCE §6.1).

import { STATUS_CODES } from 'node:http';

export class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: string,
		message: string,
		/** Extra response headers, e.g. `Retry-After`. */
		readonly headers?: Record<string, string>,
	) {
		super(message);
		this.name = 'ApiError';
	}
}

export interface ErrorBody {
	status_code: number;
	error: string;
	code: string;
	message: string;
}

export function errorBody(status: number, code: string, message: string): ErrorBody {
	return { status_code: status, error: STATUS_CODES[status] ?? 'Error', code, message };
}

/** 400 for a request that breaks the request schema: the message names the field. */
export function schemaError(message: string): ApiError {
	return new ApiError(400, 'E_FAILED_SCHEMA_VALIDATION', message);
}

export function unauthorized(message: string): ApiError {
	return new ApiError(401, 'E_UNAUTHORIZED', message);
}
