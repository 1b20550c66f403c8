import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateKeyPair, privateKeyToProtobuf } from '@libp2p/crypto/keys';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateRelayIdentity, RelayIdentityError } from '../../relay/identity.ts';

describe('loadOrCreateRelayIdentity', () => {
	let dir: string;

	beforeEach(async () => {
		dir = await mkdtemp(join(tmpdir(), 'relay-identity-'));
	});

	afterEach(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('creates an Ed25519 key file (mode 0600, parent dirs) on first run', async () => {
		const keyFile = join(dir, 'nested', 'deeper', 'relay.key');
		const identity = await loadOrCreateRelayIdentity(keyFile);

		expect(identity.created).toBe(true);
		expect(identity.keyFile).toBe(keyFile);
		expect(identity.privateKey.type).toBe('Ed25519');
		expect(identity.peerId.toString()).toMatch(/^12D3KooW/);
		expect(await readFile(keyFile)).toEqual(Buffer.from(privateKeyToProtobuf(identity.privateKey)));
		if (process.platform !== 'win32') {
			expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
		}
	});

	it('returns the same peer id on the next load', async () => {
		const keyFile = join(dir, 'relay.key');
		const first = await loadOrCreateRelayIdentity(keyFile);
		const second = await loadOrCreateRelayIdentity(keyFile);

		expect(second.created).toBe(false);
		expect(second.warnings).toEqual([]);
		expect(second.peerId.toString()).toBe(first.peerId.toString());
		expect(second.privateKey.equals(first.privateKey)).toBe(true);
	});

	it('refuses a corrupt key file and leaves it untouched', async () => {
		const keyFile = join(dir, 'relay.key');
		await writeFile(keyFile, 'this is not a key');

		const err = await loadOrCreateRelayIdentity(keyFile).catch((e: unknown) => e);
		expect(err).toBeInstanceOf(RelayIdentityError);
		expect((err as Error).message).toContain(keyFile);
		expect((err as Error).message).toMatch(/not a valid relay key/);
		expect((err as Error).message).toMatch(/Refusing to overwrite/);
		expect(await readFile(keyFile, 'utf8')).toBe('this is not a key');
	});

	it('refuses an empty key file', async () => {
		const keyFile = join(dir, 'relay.key');
		await writeFile(keyFile, '');
		await expect(loadOrCreateRelayIdentity(keyFile)).rejects.toThrow(/file is empty/);
	});

	it('refuses a valid key of another type', async () => {
		const keyFile = join(dir, 'relay.key');
		await writeFile(keyFile, privateKeyToProtobuf(await generateKeyPair('secp256k1')));
		await expect(loadOrCreateRelayIdentity(keyFile)).rejects.toThrow(
			/expected an Ed25519 key, found secp256k1/
		);
	});

	it.skipIf(process.platform === 'win32')('warns about a key readable by others', async () => {
		const keyFile = join(dir, 'relay.key');
		await loadOrCreateRelayIdentity(keyFile);
		await chmod(keyFile, 0o644);
		const identity = await loadOrCreateRelayIdentity(keyFile);
		expect(identity.warnings.join('\n')).toMatch(/chmod 600/);
	});
});
