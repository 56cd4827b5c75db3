// POST <base>/auth and bearer-token checks, one TokenService per API. Tokens are HS256 JWTs signed with
// the server secret, carrying claims shaped like fiskaly's Keycloak tokens (REFERENCE §1.1); `azp` names
// the API that issued them, and every other API refuses them. They are stateless: a restart with the
// same data directory (same secret) keeps them valid. `session_state` identifies the session an admin
// login is bound to; a refresh keeps it, a new key/secret login starts a new one.

import * as crypto from 'node:crypto';

import type { Clock } from './clock';
import { ApiError, schemaError, unauthorized } from './errors';
import { json, type Route, type Session } from './route';
import { expectObject, isObject } from './validate';

export const ENV = 'TEST';
const ISSUER = 'http://127.0.0.1/simulator/auth/realms/fiskaly';

export interface TokenOptions {
	apiKey: string;
	apiSecret: string;
	/** HMAC key for the tokens (persisted in the data directory). */
	secret: Buffer;
	organizationId: string;
	accessTtlSeconds: number;
	refreshTtlSeconds: number;
	clock: Clock;
	/** The `azp` claim of this API's tokens. */
	party: string;
}

export interface AuthenticationResponse {
	access_token: string;
	access_token_claims: { env: string; organization_id: string };
	access_token_expires_in: number;
	access_token_expires_at: number;
	refresh_token: string;
	refresh_token_expires_in: number;
	refresh_token_expires_at: number;
}

interface Claims {
	jti: string;
	exp: number;
	nbf: number;
	iat: number;
	iss: string;
	sub: string;
	typ: 'Bearer' | 'Refresh';
	azp: string;
	session_state: string;
	scope: string;
	organization: string;
	type: string;
	env: string;
}

const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
const VERIFIED_CACHE_LIMIT = 10_000;
const BEARER = /^Bearer\s+(\S+)$/i;

function base64url(text: string): string {
	return Buffer.from(text).toString('base64url');
}

function sameText(a: string, b: string): boolean {
	const left = Buffer.from(a);
	const right = Buffer.from(b);
	return left.length === right.length && crypto.timingSafeEqual(left, right);
}

export class TokenService {
	/** Access tokens already verified: skips HMAC and JSON parsing on every later request. */
	private readonly verified = new Map<string, { exp: number; session: Session }>();

	constructor(private readonly options: TokenOptions) {}

	private nowSeconds(): number {
		return Math.floor(this.options.clock() / 1000);
	}

	private sign(claims: Claims): string {
		const payload = base64url(JSON.stringify(claims));
		const signature = crypto
			.createHmac('sha256', this.options.secret)
			.update(`${HEADER}.${payload}`)
			.digest('base64url');
		return `${HEADER}.${payload}.${signature}`;
	}

	/** The claims of a token this server signed, or undefined for anything else. */
	private decode(token: string): Claims | undefined {
		const parts = token.split('.');
		if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
		const expected = crypto
			.createHmac('sha256', this.options.secret)
			.update(`${parts[0]}.${parts[1]}`)
			.digest('base64url');
		if (!sameText(expected, parts[2])) return undefined;
		try {
			const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
			return isObject(claims) ? (claims as unknown as Claims) : undefined;
		} catch {
			return undefined;
		}
	}

	private issue(sessionId: string): AuthenticationResponse {
		const now = this.nowSeconds();
		const { accessTtlSeconds, refreshTtlSeconds, organizationId } = this.options;
		const common = {
			nbf: 0,
			iat: now,
			iss: ISSUER,
			sub: organizationId,
			azp: this.options.party,
			session_state: sessionId,
			scope: 'organization',
			organization: organizationId,
			type: 'API_KEY',
			env: ENV,
		};
		const accessToken = this.sign({
			...common,
			jti: crypto.randomUUID(),
			exp: now + accessTtlSeconds,
			typ: 'Bearer',
		});
		const refreshToken = this.sign({
			...common,
			jti: crypto.randomUUID(),
			exp: now + refreshTtlSeconds,
			typ: 'Refresh',
		});
		return {
			access_token: accessToken,
			access_token_claims: { env: ENV, organization_id: organizationId },
			access_token_expires_in: accessTtlSeconds,
			access_token_expires_at: now + accessTtlSeconds,
			refresh_token: refreshToken,
			refresh_token_expires_in: refreshTtlSeconds,
			refresh_token_expires_at: now + refreshTtlSeconds,
		};
	}

	/** POST /auth: `{api_key, api_secret}` starts a new session, `{refresh_token}` continues one. */
	authenticate(body: unknown): AuthenticationResponse {
		const request = expectObject(body, 'request body');
		if (request.refresh_token !== undefined) {
			if (typeof request.refresh_token !== 'string')
				throw schemaError('refresh_token must be a string');
			const claims = this.decode(request.refresh_token);
			if (!claims || claims.typ !== 'Refresh' || claims.azp !== this.options.party)
				throw unauthorized(
					'The refresh token is invalid; authenticate with api_key and api_secret',
				);
			if (claims.exp <= this.nowSeconds())
				throw unauthorized(
					'The refresh token has expired; authenticate with api_key and api_secret',
				);
			return this.issue(claims.session_state);
		}
		if (request.api_key === undefined && request.api_secret === undefined) {
			throw schemaError('The request body needs either api_key and api_secret, or refresh_token');
		}
		if (typeof request.api_key !== 'string')
			throw schemaError('api_key is required and must be a string');
		if (typeof request.api_secret !== 'string')
			throw schemaError('api_secret is required and must be a string');
		// Compare both before deciding, so a wrong key and a wrong secret take the same time.
		const keyMatches = sameText(request.api_key, this.options.apiKey);
		const secretMatches = sameText(request.api_secret, this.options.apiSecret);
		if (!keyMatches || !secretMatches) {
			throw unauthorized(
				'Invalid credentials: check that api_key and api_secret are correct and belong to the TEST environment',
			);
		}
		return this.issue(crypto.randomUUID());
	}

	/** The session of a valid `Authorization: Bearer <access token>` header; 401 otherwise. */
	verify(authorization: string | undefined): Session {
		if (!authorization)
			throw unauthorized(
				'Missing Authorization header: send "Authorization: Bearer <access_token>" from POST /auth',
			);
		const match = BEARER.exec(authorization);
		if (!match) throw unauthorized('The Authorization header must be "Bearer <access_token>"');
		const token = match[1];
		const now = this.nowSeconds();
		const cached = this.verified.get(token);
		if (cached) {
			if (cached.exp > now) return cached.session;
			this.verified.delete(token);
			throw expired();
		}
		const claims = this.decode(token);
		if (!claims || claims.typ !== 'Bearer')
			throw unauthorized('The access token is invalid or unknown; get a new one from POST /auth');
		if (claims.azp !== this.options.party)
			throw unauthorized(
				'The access token was issued for another fiskaly API; get one from POST /auth of this API',
			);
		if (claims.exp <= now) throw expired();
		const session: Session = { id: claims.session_state, organizationId: claims.organization };
		if (this.verified.size >= VERIFIED_CACHE_LIMIT) this.verified.clear();
		this.verified.set(token, { exp: claims.exp, session });
		return session;
	}
}

export function expired(): ApiError {
	return unauthorized(
		'The access token has expired; get a new one from POST /auth (refresh_token or api_key/api_secret)',
	);
}

/** A stable organization id for an API key (fiskaly derives it from the key's organization). */
export function organizationIdFor(apiKey: string): string {
	const hex = crypto.createHash('sha256').update(`organization:${apiKey}`).digest('hex');
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** `POST <base>/auth`: API key/secret or refresh token → access and refresh tokens of that API. */
/** The operation id of every API's POST /auth (the statistics count it per API). */
export const AUTH_OPERATION = 'authenticateApi';

export const authRoute: Route<TokenService> = {
	method: 'POST',
	path: '/auth',
	operationId: AUTH_OPERATION,
	auth: false,
	body: 'required',
	handle: ({ body, state }) => json(state.authenticate(body)),
};
