// TSS: create, read, list and the state machine CREATED → UNINITIALIZED → INITIALIZED → DISABLED
// (REFERENCE §2.1), each state change signed as system logs.

import * as crypto from 'node:crypto';

import { ENV } from '../core/auth';
import { schemaError } from '../core/errors';
import type { Session } from '../core/route';
import {
	expectObject,
	optionalString,
	parseUuid,
	rejectUnknownProperties,
	requireEnum,
	type JsonObject,
} from '../core/validate';
import { page, type ListOptions, type ListResponse } from './lists';
import { mergedMetadata, optionalMetadata, type MetadataHolder } from './metadata';
import { API_VERSION, BSI_CERTIFICATION_ID, type Tss } from './model';
import { ALGORITHM, createTssKeys } from './signing';
import {
	apiError,
	deploymentEvents,
	systemEvent,
	type SignDeStore,
	type SystemEvent,
} from './store';

const TSS_DESCRIPTION = /^[A-Za-z0-9 '()+,\-./:=?]{0,100}$/;

function newPuk(): string {
	return String(crypto.randomInt(0, 10_000_000_000)).padStart(10, '0');
}

export class TssResource {
	constructor(private readonly store: SignDeStore) {}

	/** The fields every TSS answer has, the create answer included. */
	private baseView(tss: Tss): JsonObject {
		return {
			_id: tss.id,
			_type: 'TSS',
			_env: ENV,
			_version: API_VERSION,
			state: tss.state,
			certificate: tss.keys.certificate,
			serial_number: tss.keys.serialNumber,
			public_key: tss.keys.publicKey,
			signature_algorithm: ALGORITHM,
			signature_timestamp_format: 'unixTime',
			transaction_data_encoding: 'UTF-8',
			max_number_registered_clients: this.store.limits.registeredClients,
			max_number_active_transactions: this.store.limits.activeTransactions,
			supported_update_variants: 'SIGNED',
			time_creation: tss.timeCreation,
			metadata: tss.metadata,
		};
	}

	private view(tss: Tss): JsonObject {
		const view = this.baseView(tss);
		view.number_registered_clients = tss.registeredClients;
		view.number_active_transactions = tss.activeTransactions;
		if (tss.description !== undefined) view.description = tss.description;
		if (tss.state !== 'CREATED') {
			view.signature_counter = String(tss.signatureCounter);
			view.bsi_certification_id = BSI_CERTIFICATION_ID;
		}
		if (tss.transactionCounter > 0) view.transaction_counter = String(tss.transactionCounter);
		if (tss.timeUninit !== undefined) view.time_uninit = tss.timeUninit;
		if (tss.timeInit !== undefined) view.time_init = tss.timeInit;
		if (tss.timeDisable !== undefined) view.time_disable = tss.timeDisable;
		return view;
	}

	/** createTss answers with the admin PUK, the only time fiskaly shows it. */
	private createView(tss: Tss): JsonObject {
		return { ...this.baseView(tss), admin_puk: tss.puk };
	}

	create(rawId: string, bodyValue: unknown): JsonObject {
		const id = parseUuid(rawId, 'tss_id');
		const body = expectObject(bodyValue ?? {}, 'request body');
		const metadataPatch = optionalMetadata(body);
		const existing = this.store.model.tssById.get(id);
		if (existing) {
			if (existing.state !== 'CREATED') {
				throw apiError(
					409,
					'E_TSS_CONFLICT',
					`TSS ${id} already exists in state ${existing.state}; createTss only repeats while it is CREATED`,
				);
			}
			const metadata = mergedMetadata(existing.metadata, metadataPatch);
			if (metadata !== existing.metadata) this.store.commit({ t: 'tss.metadata', id, metadata });
			return this.createView(existing);
		}
		const now = this.store.nowSeconds();
		this.store.commit({
			t: 'tss.create',
			id,
			at: now,
			keys: createTssKeys(this.store.ca, now),
			puk: newPuk(),
			metadata: mergedMetadata({}, metadataPatch),
		});
		return this.createView(this.store.model.tssById.get(id)!);
	}

	get(rawId: string): JsonObject {
		return this.view(this.store.requireTss(rawId));
	}

	list(options: ListOptions): ListResponse {
		let items = [...this.store.model.tssById.values()];
		if (options.states) items = items.filter((tss) => options.states!.includes(tss.state));
		return page(
			items,
			options,
			'TSS_LIST',
			(tss, orderBy) => {
				if (orderBy === 'description') return tss.description;
				if (orderBy === 'state') return tss.state;
				if (orderBy === 'time_init') return tss.timeInit;
				if (orderBy === 'time_disable') return tss.timeDisable;
				return tss.timeCreation;
			},
			(tss) => this.view(tss),
		);
	}

	update(rawId: string, bodyValue: unknown, session: Session): JsonObject {
		const tss = this.store.requireTss(rawId);
		const body = expectObject(bodyValue, 'request body');
		rejectUnknownProperties(body, ['state', 'description', 'metadata'], 'The request body');
		const target = requireEnum(body, 'state', [
			'UNINITIALIZED',
			'INITIALIZED',
			'DISABLED',
		] as const);
		const description = optionalString(body, 'description');
		const metadata = mergedMetadata(tss.metadata, optionalMetadata(body));
		if (description !== undefined) {
			if (!TSS_DESCRIPTION.test(description)) {
				throw schemaError(
					"description must be at most 100 letters, digits, spaces or '()+,-./:=? characters",
				);
			}
			if (!(tss.state === 'UNINITIALIZED' && target === 'INITIALIZED')) {
				throw schemaError(
					'description can only be given when initializing the TSS (UNINITIALIZED → INITIALIZED)',
				);
			}
		}
		if (target === tss.state) {
			// Same state: a metadata-only update (REFERENCE §2.1).
			if (metadata !== tss.metadata) this.store.commit({ t: 'tss.metadata', id: tss.id, metadata });
			return this.view(tss);
		}
		const legal =
			(tss.state === 'CREATED' && target === 'UNINITIALIZED') ||
			(tss.state === 'UNINITIALIZED' && (target === 'INITIALIZED' || target === 'DISABLED')) ||
			(tss.state === 'INITIALIZED' && target === 'DISABLED');
		if (!legal) {
			throw apiError(
				400,
				'E_ILLEGAL_TSS_STATE_CHANGE',
				`TSS ${tss.id} is ${tss.state} and cannot change to ${target} (allowed: CREATED → UNINITIALIZED → INITIALIZED → DISABLED, or UNINITIALIZED → DISABLED)`,
			);
		}
		if (target !== 'UNINITIALIZED')
			this.store.requireAdmin(tss, session, `Changing TSS ${tss.id} to ${target}`);
		const now = this.store.nowSeconds();
		let events: SystemEvent[];
		let newDescription: string | undefined;
		if (target === 'UNINITIALIZED') events = deploymentEvents(now);
		else if (target === 'INITIALIZED') {
			newDescription = description ?? `fiskaly sign cloud-TSE (${tss.id})`;
			events = [systemEvent('initialize', newDescription)];
		} else events = [systemEvent('disableSecureElement')];
		this.store.commit({
			t: 'tss.state',
			id: tss.id,
			state: target,
			at: now,
			description: newDescription,
			metadata: metadata !== tss.metadata ? metadata : undefined,
			logs: this.store.signSystemLogs(tss, now, events),
		});
		return this.view(tss);
	}

	metadataOf(rawId: string): MetadataHolder {
		const tss = this.store.requireTss(rawId);
		return {
			metadata: tss.metadata,
			commit: (metadata) => this.store.commit({ t: 'tss.metadata', id: tss.id, metadata }),
		};
	}
}
