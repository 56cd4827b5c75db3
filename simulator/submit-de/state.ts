// The SUBMIT DE room's state: one store and the resources that work on it. No HTTP here.

import { MasterData } from './masterData';
import { SubmitDeStore, type SubmitDeStoreOptions } from './store';
import { SubmissionResource } from './submissions';

export class SubmitDeState {
	readonly store: SubmitDeStore;
	readonly masterData: MasterData;
	readonly submissions: SubmissionResource;

	constructor(options: SubmitDeStoreOptions) {
		this.store = new SubmitDeStore(options);
		this.masterData = new MasterData(this.store);
		this.submissions = new SubmissionResource(this.store);
	}
}
