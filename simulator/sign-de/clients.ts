// Clients of a TSS: register, read, list, deregister and register again (REFERENCE §3), each change
// signed as a system log, within the TSS's limit of registered clients.

import type { Session } from '../core/route';
import { ENV } from '../core/auth';
import {
	describe,
	expectObject,
	parseUuid,
	requireEnum,
	requireString,
	type JsonObject,
} from '../core/validate';
import { page, type ListOptions, type ListResponse } from './lists';
import { mergedMetadata, optionalMetadata, type MetadataHolder } from './metadata';
import { API_VERSION, CLIENT_STATES, type Client } from './model';
import { apiError, systemEvent, type SignDeStore } from './store';

// DSFinV-K 2.3: 1..70 of these characters, no leading/trailing whitespace, neither "/" nor "_".
const CLIENT_SERIAL = /^(?!\s)[A-Za-z0-9 '()+,\-.:=?]{1,70}(?<!\s)$/;

export class ClientResource {
	constructor(private readonly store: SignDeStore) {}

	private view(client: Client): JsonObject {
		return {
			_id: client.id,
			_type: 'CLIENT',
			_env: ENV,
			_version: API_VERSION,
			serial_number: client.serial,
			state: client.state,
			tss_id: client.tss.id,
			time_creation: client.timeCreation,
			time_update: client.timeUpdate,
			metadata: client.metadata,
		};
	}

	create(rawTssId: string, rawClientId: string, bodyValue: unknown, session: Session): JsonObject {
		const tss = this.store.requireTss(rawTssId);
		const id = parseUuid(rawClientId, 'client_id');
		const body = expectObject(bodyValue, 'request body');
		const serial = requireString(body, 'serial_number');
		const metadataPatch = optionalMetadata(body);
		this.store.requireInitialized(tss);
		this.store.requireAdmin(tss, session, 'Creating a client');
		const existing = this.store.model.clients.get(id);
		if (existing) {
			if (existing.tss === tss && existing.serial === serial) {
				// Idempotent repeat: same client, same serial.
				const metadata = mergedMetadata(existing.metadata, metadataPatch);
				if (metadata !== existing.metadata)
					this.store.commit({ t: 'client.metadata', id, metadata });
				return this.view(existing);
			}
			throw apiError(
				409,
				'E_CLIENT_CONFLICT',
				existing.tss === tss
					? `Client ${id} already exists on this TSS with serial_number "${existing.serial}"`
					: `Client ${id} already exists on another TSS; client_id must be unique system-wide`,
			);
		}
		if (!CLIENT_SERIAL.test(serial)) {
			throw apiError(
				400,
				'E_ILLEGAL_CLIENT_SERIAL',
				`serial_number ${describe(serial)} is not allowed: use 1 to 70 letters, digits, spaces or '()+,-.:=? characters, no "/" or "_", no leading or trailing spaces`,
			);
		}
		const sameSerial = tss.clientsBySerial.get(serial);
		if (sameSerial) {
			throw apiError(
				400,
				'E_ILLEGAL_CLIENT_SERIAL',
				`serial_number "${serial}" is already used by client ${sameSerial.id} on TSS ${tss.id}`,
			);
		}
		if (tss.registeredClients >= this.store.limits.registeredClients) {
			throw apiError(
				403,
				'E_CLIENT_LIMIT_REACHED',
				`TSS ${tss.id} already has ${tss.registeredClients} registered clients (the maximum)`,
			);
		}
		const now = this.store.nowSeconds();
		this.store.commit({
			t: 'client.create',
			tss: tss.id,
			id,
			serial,
			at: now,
			metadata: mergedMetadata({}, metadataPatch),
			logs: this.store.signSystemLogs(tss, now, [systemEvent('registerClient', serial)]),
		});
		return this.view(this.store.model.clients.get(id)!);
	}

	get(rawTssId: string, rawClientId: string): JsonObject {
		const tss = this.store.requireTss(rawTssId);
		return this.view(this.store.requireClient(tss, rawClientId));
	}

	update(rawTssId: string, rawClientId: string, bodyValue: unknown, session: Session): JsonObject {
		const tss = this.store.requireTss(rawTssId);
		const client = this.store.requireClient(tss, rawClientId);
		const body = expectObject(bodyValue, 'request body');
		const target = requireEnum(body, 'state', CLIENT_STATES);
		const metadata = mergedMetadata(client.metadata, optionalMetadata(body));
		this.store.requireInitialized(tss);
		this.store.requireAdmin(tss, session, 'Updating a client');
		if (target === client.state && metadata === client.metadata) return this.view(client);
		if (
			target === 'REGISTERED' &&
			client.state !== 'REGISTERED' &&
			tss.registeredClients >= this.store.limits.registeredClients
		) {
			throw apiError(
				403,
				'E_CLIENT_LIMIT_REACHED',
				`TSS ${tss.id} already has ${tss.registeredClients} registered clients (the maximum)`,
			);
		}
		const now = this.store.nowSeconds();
		const event = target === 'REGISTERED' ? 'registerClient' : 'deregisterClient';
		this.store.commit({
			t: 'client.update',
			id: client.id,
			state: target,
			at: now,
			metadata,
			logs:
				target === client.state
					? []
					: this.store.signSystemLogs(tss, now, [systemEvent(event, client.serial)]),
		});
		return this.view(client);
	}

	list(rawTssId: string | undefined, options: ListOptions): ListResponse {
		let items =
			rawTssId === undefined
				? [...this.store.model.clients.values()]
				: this.store.requireTss(rawTssId).clients;
		if (options.state) items = items.filter((client) => client.state === options.state);
		if (options.serialNumber !== undefined)
			items = items.filter((client) => client.serial === options.serialNumber);
		return page(
			items,
			options,
			'CLIENT_LIST',
			(client, orderBy) => (orderBy === 'serial_number' ? client.serial : client.timeCreation),
			(client) => this.view(client),
		);
	}

	metadataOf(rawTssId: string, rawClientId: string): MetadataHolder {
		const client = this.store.requireClient(this.store.requireTss(rawTssId), rawClientId);
		return {
			metadata: client.metadata,
			commit: (metadata) => this.store.commit({ t: 'client.metadata', id: client.id, metadata }),
		};
	}
}
