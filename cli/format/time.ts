/** Times for people: ISO 8601 in the machine's local time zone (with its offset), durations in days and hours. */

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0");

/** Unix seconds as ISO 8601 local time with offset, e.g. 2026-11-30T11:41:37+08:00; "-" for none (0 or undefined). */
export function localTime(seconds: bigint | number | undefined): string {
  if (seconds === undefined || seconds === 0 || seconds === 0n) return "-";
  const d = new Date(Number(seconds) * 1000);
  const offset = -d.getTimezoneOffset();
  const zone = offset === 0 ? "Z" : `${offset > 0 ? "+" : "-"}${pad(Math.trunc(offset / 60))}:${pad(offset % 60)}`;
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}` +
    `T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone}`
  );
}

/** Seconds as "3d 4h", "5h 20m", "45s"; "no deadline" for 0. */
export function span(seconds: bigint | number): string {
  let s = Number(seconds);
  if (s === 0) return "no deadline";
  const sign = s < 0 ? "-" : "";
  s = Math.abs(s);
  const parts: [number, string][] = [
    [Math.floor(s / 86400), "d"],
    [Math.floor((s % 86400) / 3600), "h"],
    [Math.floor((s % 3600) / 60), "m"],
    [s % 60, "s"],
  ];
  const shown = parts.filter(([n]) => n > 0).slice(0, 2);
  return sign + shown.map(([n, unit]) => `${n}${unit}`).join(" ");
}
