import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { fiskalyApiRequest } from '../transport';

/**
 * fiskaly only accepts some changes (initialize, disable, client registration) inside an admin
 * session bound to the access token. The node opens that session right before the change and
 * closes it right after, whatever the change's outcome.
 */

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

export async function adminLogout(this: IExecuteFunctions, tssId: string, itemIndex: number): Promise<void> {
	await fiskalyApiRequest.call(this, { method: 'POST', path: `/tss/${tssId}/admin/logout`, body: {}, itemIndex });
}

/** Logs out without letting a logout problem replace the result or error of the change itself. */
export async function adminLogoutAfterChange(this: IExecuteFunctions, tssId: string, itemIndex: number): Promise<void> {
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
export async function getTss(this: IExecuteFunctions, tssId: string, itemIndex: number): Promise<IDataObject> {
	return await fiskalyApiRequest.call(this, { method: 'GET', path: `/tss/${tssId}`, itemIndex });
}

/** Logs in as admin, runs `change`, and logs out again. Call getTss first (see there). */
export async function inAdminSession(
	this: IExecuteFunctions,
	tssId: string,
	adminPin: string,
	itemIndex: number,
	change: () => Promise<IDataObject>,
): Promise<IDataObject> {
	await adminLogin.call(this, tssId, adminPin, itemIndex);
	try {
		return await change();
	} finally {
		await adminLogoutAfterChange.call(this, tssId, itemIndex);
	}
}
