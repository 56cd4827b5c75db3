import { FieldError } from '../../shared/errors';
import { trimmedText } from '../../shared/validation';
import { dayNumber, germanDate, optionalGermanDate } from './dates';

/**
 * The dates and decommissioning of one cash register (a SIGN DE client's additional data), checked
 * before any call: the notification must give acquisition, commissioning and, once it happens,
 * decommissioning with its reason (§146a(4) AO; REFERENCE §6.3, §9).
 */

export interface RegisterDatesInput {
	acquisition?: unknown;
	commissioning?: unknown;
	decommissioning?: unknown;
	decommissioningReason?: unknown;
}

export interface RegisterDates {
	date_acquisition: string;
	date_commissioning: string;
	date_decommissioning?: string;
	decommissioning_reason?: string;
}

const LABELS = {
	acquisition: 'Acquisition Date',
	commissioning: 'Commissioning Date',
	decommissioning: 'Decommissioning Date',
	reason: 'Decommissioning Reason',
};

/** The register's dates as `DD.MM.YYYY`, in order, with a reason exactly when it is decommissioned. */
export function registerDates(input: RegisterDatesInput): RegisterDates {
	const acquired = germanDate(input.acquisition, LABELS.acquisition);
	const commissioned = germanDate(input.commissioning, LABELS.commissioning);
	const decommissioned = optionalGermanDate(input.decommissioning, LABELS.decommissioning);
	const reason = trimmedText(input.decommissioningReason);
	if (dayNumber(commissioned) < dayNumber(acquired))
		throw new FieldError(
			LABELS.commissioning,
			`${commissioned} is before the acquisition on ${acquired}`,
			'A register is put into service on or after the day it was acquired (bought, rented or leased): correct one of the two dates.',
		);
	const dates: RegisterDates = { date_acquisition: acquired, date_commissioning: commissioned };
	if (decommissioned === undefined) {
		if (reason !== '')
			throw new FieldError(
				LABELS.reason,
				'is set, but there is no decommissioning date',
				'Set the decommissioning date too, or clear the reason if the register is still in use.',
			);
		return dates;
	}
	if (dayNumber(decommissioned) < dayNumber(commissioned))
		throw new FieldError(
			LABELS.decommissioning,
			`${decommissioned} is before the commissioning on ${commissioned}`,
			'A register is taken out of service after it was put into service: correct one of the two dates.',
		);
	if (reason === '')
		throw new FieldError(
			LABELS.reason,
			'is empty, but the register is decommissioned',
			'Say why it left service, e.g. sale, disposal, theft, defect or relocation.',
		);
	return { ...dates, date_decommissioning: decommissioned, decommissioning_reason: reason };
}

/** ELSTER rejects a taximeter (type 4) or odometer (type 5) notified without remarks. */
export function registerRemarks(type: string, remarks: unknown): string | undefined {
	const text = trimmedText(remarks);
	if (text === '' && (type === '4' || type === '5'))
		throw new FieldError(
			'Remarks',
			`are empty for ${type === '4' ? 'a taximeter' : 'an odometer'}`,
			'ELSTER rejects a taximeter or odometer without remarks: describe the vehicle, e.g. its registration number.',
		);
	return text === '' ? undefined : text;
}
