// Taxpayer, establishments and the additional data of SIGN DE clients: each a create-or-update PUT
// (the body replaces what was stored), a GET, and for establishments a list (REFERENCE §5 #2–#9).

import { ApiError } from '../core/errors';
import { parseUuid, type JsonObject } from '../core/validate';
import { CLIENT_DATA_SPEC, checkShape, ESTABLISHMENT_SPEC, TAXPAYER_SPEC } from './shapes';
import type { SubmitDeStore } from './store';

/** metadata is echoed back, {} when none was given. */
const withMetadata = (body: JsonObject): JsonObject => ({ ...body, metadata: body.metadata ?? {} });

export class MasterData {
	constructor(private readonly store: SubmitDeStore) {}

	upsertTaxpayer(value: unknown): JsonObject {
		const body = checkShape(value, TAXPAYER_SPEC);
		this.store.commit({ t: 'taxpayer', body });
		return this.taxpayer();
	}

	taxpayer(): JsonObject {
		return withMetadata(this.store.requireTaxpayer());
	}

	private establishmentView(id: string, body: JsonObject): JsonObject {
		return { id, ...withMetadata(body) };
	}

	/**
	 * Decommissioning is the same PUT with `decommissioning_date`; it cannot be taken back or moved
	 * [INFERRED from NP Retail treating it as irreversible]: 409 E_CONFLICT.
	 */
	upsertEstablishment(rawId: string, value: unknown): JsonObject {
		const id = parseUuid(rawId, 'establishment_id');
		const body = checkShape(value, ESTABLISHMENT_SPEC);
		const closedOn = this.store.model.establishments.get(id)?.decommissioning_date;
		if (closedOn !== undefined && body.decommissioning_date !== closedOn)
			throw new ApiError(
				409,
				'E_CONFLICT',
				`Establishment ${id} was decommissioned on ${String(closedOn)}; decommissioning_date cannot be removed or changed`,
			);
		this.store.commit({ t: 'establishment', id, body });
		return this.establishmentView(id, body);
	}

	establishment(rawId: string): JsonObject {
		const { id, body } = this.store.requireEstablishment(rawId);
		return this.establishmentView(id, body);
	}

	/** Every establishment in creation order; paging is [UNKNOWN], so there is none. */
	listEstablishments(): JsonObject {
		return {
			results: [...this.store.model.establishments].map(([id, body]) =>
				this.establishmentView(id, body),
			),
		};
	}

	private clientDataView(tssId: string, clientId: string, body: JsonObject): JsonObject {
		return { ...body, tss_id: tssId, client_id: clientId };
	}

	/** The TSS and client must exist in SIGN DE, the establishment here. */
	upsertClientData(rawTssId: string, rawClientId: string, value: unknown): JsonObject {
		const { tssId, clientId } = this.store.requireSignDeClient(rawTssId, rawClientId);
		const body = checkShape(value, CLIENT_DATA_SPEC);
		if (body.establishment_id !== undefined)
			this.store.requireEstablishment(body.establishment_id as string);
		this.store.commit({ t: 'clientData', tss: tssId, client: clientId, body });
		return this.clientDataView(tssId, clientId, body);
	}

	clientData(rawTssId: string, rawClientId: string): JsonObject {
		const { tssId, clientId, body } = this.store.requireClientData(rawTssId, rawClientId);
		return this.clientDataView(tssId, clientId, body);
	}

	/** Drops a client from future submissions; answers with what was deleted [INFERRED path and answer]. */
	deleteClientData(rawTssId: string, rawClientId: string): JsonObject {
		const { tssId, clientId, body } = this.store.requireClientData(rawTssId, rawClientId);
		this.store.commit({ t: 'clientDataDeleted', tss: tssId, client: clientId });
		return this.clientDataView(tssId, clientId, body);
	}
}
