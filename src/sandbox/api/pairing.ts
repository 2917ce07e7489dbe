import { enterPairingCode, scanQr } from '../pairing.ts'
import type { Facet } from './facet.ts'

export const pairingFacet: Facet<'scanQr' | 'enterPairingCode'> = ({ core }) => ({
  scanQr: (phone, qr) => scanQr(core, phone, qr),
  enterPairingCode: (phone, code) => enterPairingCode(core, phone, code),
})
