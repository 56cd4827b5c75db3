import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { checked, getParameter } from '../../shared/parameters';
import { fiskalyApiRequest } from '../../shared/transport';
import { ADMIN_PIN_MIN_LENGTH, validateSecret } from '../helpers/validation';

/**
 * fiskaly only accepts some changes (initialize, disable, client registration) inside an admin
 * session bound to the access token. The node opens that session right before the change and
 * closes it right after, whatever the change's outcome.
 */

/** The Admin PIN parameter, checked before any call (the operations that need an admin session). */
export function getAdminPin(ctx: IExecuteFunctions, itemIndex: number): string {
	return checked(ctx, itemIndex, () =>
		validateSecret(getParameter(ctx, 'adminPin', itemIndex, ''), 'Admin PIN', ADMIN_PIN_MIN_LENGTH),
	);
}

export async function adminLogin(
	this: IExecuteFunctions,
	tssId: string,
	adminPin: string,
	itemIndex: number,
): Promise<void> {
	await fiskalyApiRequest.call(this, {
		method: 'POST',
		path: `/tss/${tssId}/admin/auth`,
		body: { admin_pin: adminPin },
		renewTokenOn401: false,
		itemIndex,
	});
}

export async function adminLogout(
	this: IExecuteFunctions,
	tssId: string,
	itemIndex: number,
): Promise<void> {
	await fiskalyApiRequest.call(this, {
		method: 'POST',
		path: `/tss/${tssId}/admin/logout`,
		body: {},
		itemIndex,
	});
}

/** Logs out without letting a logout problem replace the result or error of the change itself. */
export async function adminLogoutAfterChange(
	this: IExecuteFunctions,
	tssId: string,
	itemIndex: number,
): Promise<void> {
	try {
		await adminLogout.call(this, tssId, itemIndex);
	} catch {
		// The session ends with the access token anyway; what the user needs to see is the change.
	}
}

/**
 * Reading the TSS before an admin change does two jobs: it renews an expired access token (so a
 * 401 at the login that follows can only mean a wrong PIN) and shows whether the change is needed.
 */
export async function getTss(
	this: IExecuteFunctions,
	tssId: string,
	itemIndex: number,
): Promise<IDataObject> {
	return await fiskalyApiRequest.call(this, { method: 'GET', path: `/tss/${tssId}`, itemIndex });
}

function isUnauthorized(error: unknown): boolean {
	return (error as { httpCode?: unknown } | undefined)?.httpCode === '401';
}

/**
 * Logs in as admin, runs `change`, and logs out again. Call getTss first (see there).
 * A 401 on the change right after a successful login means n8n renewed the access token in
 * between, and the admin session belonged to the old token: log in again once and repeat.
 */
export async function inAdminSession(
	this: IExecuteFunctions,
	tssId: string,
	adminPin: string,
	itemIndex: number,
	change: () => Promise<IDataObject>,
): Promise<IDataObject> {
	await adminLogin.call(this, tssId, adminPin, itemIndex);
	try {
		try {
			return await change();
		} catch (error) {
			// NodeApiError hands back the error it is given, so this rethrows the transport's error.
			if (!isUnauthorized(error)) throw new NodeApiError(this.getNode(), error as JsonObject);
			await adminLogin.call(this, tssId, adminPin, itemIndex);
			return await change();
		}
	} finally {
		await adminLogoutAfterChange.call(this, tssId, itemIndex);
	}
}
