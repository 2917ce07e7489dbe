/**
 * The Noise CertChain the server presents in serverHello.
 *
 * Baileys >= 7.0.0-rc10 checks that the leaf is signed by the intermediate, that the intermediate is
 * signed by WhatsApp's root key (WA_CERT_DETAILS.PUBLIC_KEY) and the issuer serial. It does not bind
 * the leaf key to the server's static key nor check dates, so a genuine, public chain captured from
 * WhatsApp replays with any server key pair. These are public bytes (see docs/whatsapp-sandbox.md).
 */
import { Curve, proto, WA_CERT_DETAILS } from '@whiskeysockets/baileys'

const GENUINE_CERT_CHAIN_B64 =
  'CncKMwjjAhADGiCRKg7Kg1iu4CSulwLBaxX51Tefw6VXGgZqcr5OEbXIRiDQ04bOBijQjZ/TBhJA34Bj82jAHhLpCWBNVBlGnFDieamd8+138S57uMt9ke9mrn5r4+VepwBPKEgHjob6bR70rlCmWDkxZv+CfVjIAxJ2CjIIAxAAGiAcUamsMDmUxsjQuS6hh4pTNHZZnMWZ++o1mX2aqQzOYiCAka6+Bij/3rfcBhJAJw8pRkhTn+1IcOJQVN1OlZg6uikYnCumyO7acFVVX3U3QPXsGSq2TCbCbWrebSC593Su43EgprIDlfU8ZgWFBw=='

export const GENUINE_CERT_CHAIN: Buffer = Buffer.from(GENUINE_CERT_CHAIN_B64, 'base64')

/** Checks a chain the way Baileys does; returns the reason it would reject it, or undefined. */
export function certChainProblem(chain: Uint8Array): string | undefined {
  const { intermediate, leaf } = proto.CertChain.decode(chain)
  if (!leaf?.details || !leaf.signature) return 'missing leaf'
  if (!intermediate?.details || !intermediate.signature) return 'missing intermediate'
  const details = proto.CertChain.NoiseCertificate.Details.decode(intermediate.details)
  if (!details.key || !Curve.verify(details.key, leaf.details, leaf.signature)) return 'leaf signature invalid'
  if (!Curve.verify(WA_CERT_DETAILS.PUBLIC_KEY, intermediate.details, intermediate.signature)) {
    return 'intermediate signature invalid'
  }
  if (details.issuerSerial !== WA_CERT_DETAILS.SERIAL) return 'issuer serial mismatch'
  return undefined
}
