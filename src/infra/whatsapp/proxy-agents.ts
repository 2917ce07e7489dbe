import type { Agent } from 'node:http'
import { socksDispatcher } from 'fetch-socks'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { SocksProxyAgent } from 'socks-proxy-agent'
import { ProxyAgent, type Dispatcher } from 'undici'

/**
 * How a session reaches WhatsApp through its proxy. Baileys takes a Node agent for the WebSocket and
 * for media uploads (node:https on Node), and media downloads go through fetch, which takes an undici
 * dispatcher.
 */
export interface ProxyAgents {
  /** For the WebSocket (Baileys' `agent`) and media uploads (its `fetchAgent`). */
  readonly socket: Agent
  /** For media downloads (the download's `dispatcher`). */
  readonly fetch: Dispatcher
}

/** The agents for an http(s) or socks5(h) proxy URL (credentials in the URL are used). */
export function proxyAgents(proxyUrl: string): ProxyAgents {
  const url = new URL(proxyUrl)
  if (url.protocol === 'socks5:' || url.protocol === 'socks5h:') {
    return {
      socket: new SocksProxyAgent(url) as unknown as Agent,
      fetch: socksDispatcher({
        type: 5,
        host: url.hostname,
        port: Number(url.port || 1080),
        ...(url.username ? { userId: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } : {}),
      }) as unknown as Dispatcher,
    }
  }
  return {
    socket: new HttpsProxyAgent(url) as unknown as Agent,
    fetch: new ProxyAgent({
      uri: `${url.protocol}//${url.host}`,
      ...(url.username ? { token: `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}` } : {}),
    }),
  }
}
