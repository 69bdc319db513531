/** One delivery ring around the restaurant: everything within `radiusKm` (straight line) not in a nearer ring. */
export interface DeliveryZone {
  name: string;
  radiusKm: number;
  feeCents: number;
  minOrderCents: number;
}

export interface LatLng {
  lat: number;
  lng: number;
}

/** Mean Earth radius (IUGG), in metres. */
const EARTH_RADIUS_M = 6_371_008.8;

/** Great-circle (haversine) distance in metres. Straight line, not road distance: see README "Payments and delivery". */
export function distanceMeters(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** The first (nearest) zone whose radius contains the distance; the edge belongs to the zone. */
export function findZone(zones: DeliveryZone[], meters: number): DeliveryZone | null {
  return zones.find((z) => meters <= z.radiusKm * 1000) ?? null;
}

/** The point `meters` away from `origin` on `bearingDeg` (0 = north), for the mock geocoder. */
export function destinationPoint(origin: LatLng, bearingDeg: number, meters: number): LatLng {
  const rad = Math.PI / 180;
  const d = meters / EARTH_RADIUS_M;
  const brng = bearingDeg * rad;
  const lat1 = origin.lat * rad;
  const lng1 = origin.lng * rad;
  const lat2 = Math.asin(Math.sin(lat1) * Math.cos(d) + Math.cos(lat1) * Math.sin(d) * Math.cos(brng));
  const lng2 = lng1 + Math.atan2(Math.sin(brng) * Math.sin(d) * Math.cos(lat1), Math.cos(d) - Math.sin(lat1) * Math.sin(lat2));
  return { lat: lat2 / rad, lng: ((lng2 / rad + 540) % 360) - 180 };
}

/**
 * Parses DELIVERY_ZONES: a JSON array, nearest first, e.g.
 * `[{"name":"Downtown","radiusKm":3,"feeCents":299,"minOrderCents":1000}]`. Throws one message naming every problem.
 */
export function parseDeliveryZones(json: string): DeliveryZone[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw new Error('DELIVERY_ZONES must be a JSON array such as [{"name":"Downtown","radiusKm":3,"feeCents":299,"minOrderCents":1000}]');
  }
  if (!Array.isArray(raw)) throw new Error('DELIVERY_ZONES must be a JSON array of zones, nearest first');
  const problems: string[] = [];
  const zones: DeliveryZone[] = [];
  raw.forEach((z: Record<string, unknown>, i) => {
    const at = `DELIVERY_ZONES[${i}]`;
    if (!z || typeof z !== 'object') {
      problems.push(`${at} must be an object`);
      return;
    }
    const name = typeof z.name === 'string' ? z.name.trim() : '';
    if (!name || name.length > 60) problems.push(`${at}.name must be a name of 1 to 60 characters`);
    if (typeof z.radiusKm !== 'number' || !(z.radiusKm > 0) || !Number.isFinite(z.radiusKm))
      problems.push(`${at}.radiusKm must be a number above 0`);
    for (const key of ['feeCents', 'minOrderCents'] as const) {
      const v = z[key];
      if (!Number.isSafeInteger(v) || (v as number) < 0) problems.push(`${at}.${key} must be a whole number of minor units, 0 or more`);
    }
    const extra = Object.keys(z).filter((k) => !['name', 'radiusKm', 'feeCents', 'minOrderCents'].includes(k));
    if (extra.length) problems.push(`${at} has unknown field(s) ${extra.join(', ')}`);
    zones.push({ name, radiusKm: z.radiusKm as number, feeCents: z.feeCents as number, minOrderCents: z.minOrderCents as number });
  });
  for (let i = 1; i < zones.length; i++) {
    if (typeof zones[i].radiusKm === 'number' && !(zones[i].radiusKm > zones[i - 1].radiusKm)) {
      problems.push(
        `DELIVERY_ZONES must be nearest first: ${zones[i].name || `zone ${i}`} (${zones[i].radiusKm} km) must reach further than ${zones[i - 1].name || `zone ${i - 1}`} (${zones[i - 1].radiusKm} km)`,
      );
    }
  }
  const names = zones.map((z) => z.name.toLowerCase());
  if (new Set(names).size !== names.length) problems.push('DELIVERY_ZONES names must be unique');
  if (problems.length) throw new Error(problems.join('; '));
  return zones;
}
