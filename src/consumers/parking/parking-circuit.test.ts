import { describe, expect, it } from 'vitest'
import { ParkingCircuit } from './parking-circuit.ts'

const policy = { threshold: 3, windowMs: 60_000, pause: { baseMs: 1000, maxMs: 8000 } }
const half = () => 0.5

describe('the parking circuit', () => {
  it('stays closed for parkings spread out, opens on many within the window', () => {
    const circuit = new ParkingCircuit(policy, half)
    expect([0, 61_000, 122_000, 183_000].map((t) => circuit.record(t))).toEqual([0, 0, 0, 0])
    expect([190_000, 190_001].map((t) => circuit.record(t))).toEqual([0, 750])
  })

  it('pauses longer while it keeps tripping, up to the cap, and starts over after a calm spell', () => {
    const circuit = new ParkingCircuit(policy, half)
    const trip = (at: number) => [at, at + 1, at + 2].map((t) => circuit.record(t)).at(-1)
    expect([trip(0), trip(10), trip(20), trip(30), trip(40)]).toEqual([750, 1500, 3000, 6000, 6000])
    expect(trip(1_000_000)).toBe(750)
  })
})
