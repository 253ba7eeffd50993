// Starts a simulator for a scenario, with a neutral page for test set-up.
import path from 'node:path';
import { ensurePki, type Pki } from '../../sim/pki.ts';
import { startSimulator, type SimOptions, type Simulator } from '../../sim/server.ts';

export const PKI_DIR = path.resolve(import.meta.dirname, '../../../.tmp/pki');

let pki: Pki | null = null;
export async function testPki(): Promise<Pki> {
  pki ??= await ensurePki(PKI_DIR);
  return pki;
}

export async function startSim(o: Partial<Omit<SimOptions, 'pki'>> = {}): Promise<Simulator> {
  return startSimulator({
    pki: await testPki(),
    variant: 'js7',
    clientAuth: 'need',
    ...o,
    extraHandler: (req, res) => {
      if (req.url === '/__sim/blank') {
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
        res.end('<!doctype html><title>blank</title><p>test set-up page</p>');
        return true;
      }
      return o.extraHandler ? o.extraHandler(req, res) : false;
    },
  });
}
