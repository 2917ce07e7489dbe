/**
 * The dashboard login's cookie: set by the HTTP edge, read by the HTTP edge and the socket handshake.
 * The seed's name (NextAuth's), so existing dashboards and scripts keep working.
 */
export const SESSION_COOKIE = 'authjs.session-token'
