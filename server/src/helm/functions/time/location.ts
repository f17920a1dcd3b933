/**
 * Go's *time.Location: UTC, a fixed zone, or an IANA zone. IANA offsets come from the platform's
 * time zone data (Intl); zone abbreviations follow Intl's short names, which for some zones
 * differ from Go's tzdata abbreviations (Intl may say "GMT+1" where Go says "CET").
 */

export interface ZoneInfo {
  /** Abbreviation Go prints for MST in layouts ("UTC", "EST", …); "" when the zone has none. */
  name: string;
  /** Seconds east of UTC. */
  offset: number;
}

export interface GoLocation {
  readonly name: string;
  /** The zone in effect at a Unix time (seconds). */
  lookup(unixSeconds: number): ZoneInfo;
}

const utcZone = (): ZoneInfo => ({ name: 'UTC', offset: 0 });

export const UTC: GoLocation = { name: 'UTC', lookup: utcZone };

export function fixedZone(name: string, offset: number): GoLocation {
  return { name, lookup: () => ({ name, offset }) };
}

class IanaLocation implements GoLocation {
  private readonly offsetFormat: Intl.DateTimeFormat;
  /** Short names in two English locales: en-US names American zones, en-GB European ones ("CET"). */
  private readonly nameFormats: Intl.DateTimeFormat[];

  /** `zone` is the IANA name; `name` what Go calls the location (the same, or "Local"). */
  constructor(zone: string, readonly name: string = zone) {
    this.offsetFormat = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' });
    this.nameFormats = ['en-US', 'en-GB'].map((locale) => new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'short' }));
  }

  lookup(unixSeconds: number): ZoneInfo {
    const date = new Date(clampForDate(unixSeconds) * 1000);
    const offsetText = zonePart(this.offsetFormat, date); // "GMT", "GMT+05:30", "GMT-08:00"
    const m = /^GMT(?:([+-])(\d{2}):(\d{2})(?::(\d{2}))?)?$/.exec(offsetText);
    const offset = m && m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4] ?? 0)) : 0;
    for (const format of this.nameFormats) {
      const name = zonePart(format, date);
      if (!/^(GMT|UTC)([+-]|$)/.test(name) || (offset === 0 && /^(GMT|UTC)$/.test(name))) return { name, offset };
    }
    return { name: goNumericZoneName(offset), offset };
  }
}

/** Go names an unnamed zone by its offset: "+0530", "-08". */
function goNumericZoneName(offset: number): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  const h = String(Math.floor(abs / 3600)).padStart(2, '0');
  const m = Math.floor((abs % 3600) / 60);
  return m === 0 ? `${sign}${h}` : `${sign}${h}${String(m).padStart(2, '0')}`;
}

function zonePart(format: Intl.DateTimeFormat, date: Date): string {
  return format.formatToParts(date).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
}

const MAX_DATE_SECONDS = 8.64e12;
function clampForDate(s: number): number {
  return Math.max(-MAX_DATE_SECONDS, Math.min(MAX_DATE_SECONDS, s));
}

const cache = new Map<string, GoLocation | undefined>();

/** time.LoadLocation: undefined where Go returns an error (unknown zone). */
export function loadLocation(name: string, local: GoLocation): GoLocation | undefined {
  if (name === '' || name === 'UTC') return UTC;
  if (name === 'Local') return local;
  if (cache.has(name)) return cache.get(name);
  let location: GoLocation | undefined;
  try {
    location = new IanaLocation(name);
  } catch {
    location = undefined;
  }
  cache.set(name, location);
  return location;
}

/** The location Go calls "Local": the given IANA zone (UTC when none or unknown). */
export function localLocation(zone: string | undefined): GoLocation {
  if (!zone || zone === 'UTC') return { name: 'Local', lookup: utcZone };
  try {
    return new IanaLocation(zone, 'Local');
  } catch {
    return { name: 'Local', lookup: utcZone };
  }
}
