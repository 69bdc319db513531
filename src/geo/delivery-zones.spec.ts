import { computeTotals } from '@/orders/pricing.js';
import { DeliveryZone, destinationPoint, distanceMeters, findZone, parseDeliveryZones } from './delivery-zones.js';

const ZONES: DeliveryZone[] = [
  { name: 'Downtown', radiusKm: 3, feeCents: 299, minOrderCents: 1000 },
  { name: 'Neighborhood', radiusKm: 6, feeCents: 499, minOrderCents: 2000 },
  { name: 'Outer', radiusKm: 10, feeCents: 799, minOrderCents: 3000 },
];
const RESTAURANT = { lat: 47.6101, lng: -122.3421 };

describe('distanceMeters (haversine)', () => {
  it('is zero for the same point and symmetric', () => {
    expect(distanceMeters(RESTAURANT, RESTAURANT)).toBe(0);
    const other = { lat: 47.62, lng: -122.35 };
    expect(distanceMeters(RESTAURANT, other)).toBeCloseTo(distanceMeters(other, RESTAURANT), 6);
  });

  it('measures one degree of latitude as about 111.2 km', () => {
    expect(distanceMeters({ lat: 0, lng: 0 }, { lat: 1, lng: 0 })).toBeCloseTo(111_195, -1);
  });

  it('matches a known city distance (Seattle Pike Place to Space Needle, about 1.3 km)', () => {
    const m = distanceMeters(RESTAURANT, { lat: 47.6205, lng: -122.3493 });
    expect(m).toBeGreaterThan(1200);
    expect(m).toBeLessThan(1400);
  });

  it('goes back and forth with destinationPoint', () => {
    for (const [bearing, meters] of [
      [0, 2500],
      [90, 5999],
      [225, 9000],
      [359, 10],
    ]) {
      const p = destinationPoint(RESTAURANT, bearing, meters);
      expect(distanceMeters(RESTAURANT, p)).toBeCloseTo(meters, 3);
    }
  });
});

describe('findZone', () => {
  it('takes the first (nearest) zone that contains the distance, edge included', () => {
    expect(findZone(ZONES, 0)?.name).toBe('Downtown');
    expect(findZone(ZONES, 3000)?.name).toBe('Downtown');
    expect(findZone(ZONES, 3000.5)?.name).toBe('Neighborhood');
    expect(findZone(ZONES, 6000)?.name).toBe('Neighborhood');
    expect(findZone(ZONES, 9999)?.name).toBe('Outer');
    expect(findZone(ZONES, 10_000)?.name).toBe('Outer');
  });

  it('finds nothing outside every zone, or when there are no zones', () => {
    expect(findZone(ZONES, 10_001)).toBeNull();
    expect(findZone([], 0)).toBeNull();
  });
});

describe('fee, minimum and tax arithmetic', () => {
  it('adds the zone fee to the total, taxes only the subtotal', () => {
    const zone = findZone(ZONES, 4200)!;
    const totals = computeTotals([{ lineTotalCents: 1450 }, { lineTotalCents: 1100 }], zone.feeCents, 1025);
    expect(totals).toEqual({ subtotalCents: 2550, deliveryFeeCents: 499, taxCents: 261, totalCents: 2550 + 499 + 261 });
    expect(totals.subtotalCents >= zone.minOrderCents).toBe(true);
  });

  it('rounds tax half up on the subtotal', () => {
    expect(computeTotals([{ lineTotalCents: 1000 }], 0, 1025).taxCents).toBe(103); // 102.5 -> 103
    expect(computeTotals([{ lineTotalCents: 999 }], 299, 1025).taxCents).toBe(102); // 102.39 -> 102
  });
});

describe('parseDeliveryZones', () => {
  it('parses the documented format', () => {
    expect(parseDeliveryZones(JSON.stringify(ZONES))).toEqual(ZONES);
    expect(parseDeliveryZones('[]')).toEqual([]);
  });

  it('refuses what is not a JSON array', () => {
    expect(() => parseDeliveryZones('Downtown:3')).toThrow(/DELIVERY_ZONES must be a JSON array/);
    expect(() => parseDeliveryZones('{"name":"x"}')).toThrow(/JSON array/);
  });

  it('names every problem at once', () => {
    const bad = JSON.stringify([
      { name: 'Downtown', radiusKm: 5, feeCents: 2.99, minOrderCents: 1000 },
      { name: '', radiusKm: 3, feeCents: 499, minOrderCents: -1, colour: 'red' },
    ]);
    let message = '';
    try {
      parseDeliveryZones(bad);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('DELIVERY_ZONES[0].feeCents must be a whole number');
    expect(message).toContain('DELIVERY_ZONES[1].name');
    expect(message).toContain('DELIVERY_ZONES[1].minOrderCents');
    expect(message).toContain('unknown field(s) colour');
    expect(message).toContain('nearest first');
  });

  it('refuses duplicate names and non-positive radii', () => {
    expect(() =>
      parseDeliveryZones(
        '[{"name":"A","radiusKm":1,"feeCents":0,"minOrderCents":0},{"name":"a","radiusKm":2,"feeCents":0,"minOrderCents":0}]',
      ),
    ).toThrow(/unique/);
    expect(() => parseDeliveryZones('[{"name":"A","radiusKm":0,"feeCents":0,"minOrderCents":0}]')).toThrow(
      /radiusKm must be a number above 0/,
    );
  });
});
