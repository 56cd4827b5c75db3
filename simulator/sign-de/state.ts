// The SIGN DE room's state: one store and the resources that work on it. No HTTP here: every operation
// takes parsed input and returns the resource as the API shows it, or throws an ApiError.

import { AdminResource } from './admin';
import { ClientResource } from './clients';
import { ExportResource } from './exports';
import { SignDeStore, type StoreOptions } from './store';
import { TransactionResource } from './transactions';
import { TssResource } from './tss';
import { UpsertOperation } from './upsert';

export class SignDeState {
	readonly store: SignDeStore;
	readonly tss: TssResource;
	readonly admin: AdminResource;
	readonly clients: ClientResource;
	readonly transactions: TransactionResource;
	readonly upserts: UpsertOperation;
	readonly exports: ExportResource;

	constructor(options: StoreOptions) {
		this.store = new SignDeStore(options);
		this.tss = new TssResource(this.store);
		this.admin = new AdminResource(this.store);
		this.clients = new ClientResource(this.store);
		this.transactions = new TransactionResource(this.store);
		this.upserts = new UpsertOperation(this.store, this.transactions);
		this.exports = new ExportResource(this.store);
	}
}
