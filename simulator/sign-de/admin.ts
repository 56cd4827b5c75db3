// The admin PIN, PUK and admin sessions of a TSS (REFERENCE §2.2–§2.4): the PIN is blocked after
// creation and after MAX_FAILED_ADMIN_LOGINS wrong tries until it is set again with the PUK.

import * as crypto from 'node:crypto';

import { schemaError } from '../core/errors';
import type { Session } from '../core/route';
import { expectObject, requireString, type JsonObject } from '../core/validate';
import { MAX_FAILED_ADMIN_LOGINS } from './model';
import { apiError, systemEvent, type SignDeStore } from './store';

function hashPin(pin: string, salt: string): string {
	return crypto.createHash('sha256').update(`${salt}:${pin}`).digest('hex');
}

/** Constant-time comparison of two secrets of any length. */
function sameSecret(given: string, expected: string): boolean {
	const digest = (text: string) => crypto.createHash('sha256').update(text).digest();
	return crypto.timingSafeEqual(digest(given), digest(expected));
}

export class AdminResource {
	constructor(private readonly store: SignDeStore) {}

	changePin(rawId: string, bodyValue: unknown): JsonObject {
		const tss = this.store.requireTss(rawId);
		const body = expectObject(bodyValue, 'request body');
		const puk = requireString(body, 'admin_puk');
		const newPin = requireString(body, 'new_admin_pin');
		if (puk.length < 10)
			throw schemaError(
				'admin_puk must be at least 10 characters (the PUK from the createTss response)',
			);
		if (newPin.length < 6) throw schemaError('new_admin_pin must be at least 6 characters');
		if (tss.state !== 'UNINITIALIZED' && tss.state !== 'INITIALIZED') {
			throw apiError(
				400,
				'E_CHANGE_ADMIN_PIN_FAILED',
				tss.state === 'CREATED'
					? `TSS ${tss.id} is CREATED: deploy it first (PATCH state UNINITIALIZED), then set the admin PIN`
					: `TSS ${tss.id} is ${tss.state}; its admin PIN can no longer be changed`,
			);
		}
		if (!sameSecret(puk, tss.puk)) {
			throw apiError(
				400,
				'E_CHANGE_ADMIN_PIN_FAILED',
				'The admin_puk is not correct: use the PUK from the createTss response',
			);
		}
		const salt = crypto.randomBytes(16).toString('hex');
		const now = this.store.nowSeconds();
		this.store.commit({
			t: 'admin.pin',
			id: tss.id,
			pin: { salt, hash: hashPin(newPin, salt) },
			logs: this.store.signSystemLogs(tss, now, [systemEvent('unblockUser', 'Admin', 'success')]),
		});
		return {};
	}

	login(rawId: string, bodyValue: unknown, session: Session): JsonObject {
		const tss = this.store.requireTss(rawId);
		const body = expectObject(bodyValue, 'request body');
		const pin = requireString(body, 'admin_pin');
		if (pin.length < 6) throw schemaError('admin_pin must be at least 6 characters');
		if (tss.state === 'DISABLED')
			throw apiError(
				400,
				'E_TSS_DISABLED',
				`TSS ${tss.id} is DISABLED; admin logins are no longer possible`,
			);
		if (!tss.pin || tss.failedLogins >= MAX_FAILED_ADMIN_LOGINS) {
			// fiskaly's error catalogue says 423, but the OpenAPI document of authenticateAdmin allows
			// E_ADMIN_PIN_BLOCKED only as a 401 code (its 423 enum omits it): the document wins here.
			throw apiError(
				401,
				'E_ADMIN_PIN_BLOCKED',
				`The admin PIN of TSS ${tss.id} is blocked (${tss.pin ? `${MAX_FAILED_ADMIN_LOGINS} failed logins` : 'it is blocked after creation'}); set a new one with PATCH /tss/${tss.id}/admin {admin_puk, new_admin_pin}`,
			);
		}
		const ok = sameSecret(hashPin(pin, tss.pin.salt), tss.pin.hash);
		const now = this.store.nowSeconds();
		this.store.commit({
			t: 'admin.login',
			id: tss.id,
			session: session.id,
			ok,
			logs: this.store.signSystemLogs(tss, now, [
				systemEvent('authenticateUser', 'Admin', ok ? 'success' : 'failure'),
			]),
		});
		if (!ok) {
			const left = MAX_FAILED_ADMIN_LOGINS - tss.failedLogins;
			throw apiError(
				401,
				'E_UNAUTHORIZED',
				left > 0
					? `Wrong admin PIN for TSS ${tss.id}; ${left} attempt(s) left before the PIN is blocked`
					: `Wrong admin PIN for TSS ${tss.id}; the PIN is now blocked: reset it with the admin PUK`,
			);
		}
		return {};
	}

	logout(rawId: string, session: Session): JsonObject {
		const tss = this.store.requireTss(rawId);
		if (!tss.adminSessions.has(session.id)) return {}; // "can be called safely even if no admin is authenticated"
		const signs = tss.state === 'UNINITIALIZED' || tss.state === 'INITIALIZED';
		this.store.commit({
			t: 'admin.logout',
			id: tss.id,
			session: session.id,
			logs: signs
				? this.store.signSystemLogs(tss, this.store.nowSeconds(), [systemEvent('logOut', 'Admin')])
				: [],
		});
		return {};
	}
}
