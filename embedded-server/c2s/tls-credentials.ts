// Certificates for STARTTLS: the configured files, or a self-signed certificate generated once into
// the data dir so that TLS works with no set-up (clients must be told to accept it).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import { generate } from 'selfsigned';

export interface TlsFiles {
  certfile?: string;
  keyfile?: string;
}

export interface LoadedTls {
  context: SecureContext;
  certPath: string;
  generated: boolean;
}

export async function loadTlsCredentials(files: TlsFiles, dataDir: string, hosts: readonly string[]): Promise<LoadedTls> {
  if (files.certfile !== undefined || files.keyfile !== undefined) {
    if (files.certfile === undefined || files.keyfile === undefined) {
      throw new Error('listen.c2s: certfile and keyfile must be given together');
    }
    return {
      context: createSecureContext({ cert: readFileSync(files.certfile), key: readFileSync(files.keyfile) }),
      certPath: files.certfile,
      generated: false,
    };
  }
  const certPath = join(dataDir, 'tls-cert.pem');
  const keyPath = join(dataDir, 'tls-key.pem');
  let generated = false;
  if (!existsSync(certPath) || !existsSync(keyPath)) {
    mkdirSync(dataDir, { recursive: true });
    const pems = await generate([{ name: 'commonName', value: hosts[0] }], {
      keyType: 'ec',
      algorithm: 'sha256',
      notAfterDate: new Date(Date.now() + 825 * 24 * 3600 * 1000),
      extensions: [{ name: 'subjectAltName', altNames: hosts.map((h) => ({ type: 2, value: h })) }],
    });
    writeFileSync(keyPath, pems.private, { mode: 0o600 });
    writeFileSync(certPath, pems.cert);
    generated = true;
  }
  return {
    context: createSecureContext({ cert: readFileSync(certPath), key: readFileSync(keyPath) }),
    certPath,
    generated,
  };
}
