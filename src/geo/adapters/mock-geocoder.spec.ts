import { distanceMeters } from '../delivery-zones.js';
import { MockGeocoder } from './mock-geocoder.js';

const RESTAURANT = { lat: 47.6101, lng: -122.3421 };
const ZONES = [
  { name: 'Downtown', radiusKm: 3, feeCents: 299, minOrderCents: 1000 },
  { name: 'Outer', radiusKm: 10, feeCents: 799, minOrderCents: 3000 },
];

describe('MockGeocoder', () => {
  const geo = new MockGeocoder(RESTAURANT, ZONES);

  it('resolves "@lat,lng" to exactly that point', async () => {
    await expect(geo.geocode('1 Far Away Rd @47.7,-122.1')).resolves.toEqual({ lat: 47.7, lng: -122.1, formattedAddress: '1 Far Away Rd' });
    await expect(geo.geocode('@-33.8688, 151.2093')).resolves.toMatchObject({ lat: -33.8688, lng: 151.2093 });
  });

  it('resolves any other address deterministically to a point inside the first zone', async () => {
    const a = await geo.geocode('221 Pine St, Seattle');
    expect(await geo.geocode('221 Pine St, Seattle')).toEqual(a);
    for (const address of ['221 Pine St, Seattle', '1 Main St', 'Somewhere else entirely', 'x']) {
      const p = await geo.geocode(address);
      expect(distanceMeters(RESTAURANT, p)).toBeLessThan(3000);
    }
    expect((await geo.geocode('1 Main St')).lat).not.toBe(a.lat);
  });
});
