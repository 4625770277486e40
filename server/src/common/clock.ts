import { Global, Injectable, Module } from '@nestjs/common';
import { today } from './dates.js';

/**
 * The time every rule that depends on "now" reads (overdue, future dates, record times). One
 * provider, so tests can move it across a deadline instead of waiting for one.
 */
@Injectable()
export class Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Today's campaign day (Beijing), YYYY-MM-DD. */
  today(): string {
    return today(this.now());
  }

  /** Moves the clock so that it reads `instant` now and keeps running from there. */
  travelTo(instant: Date): void {
    this.offsetMs = instant.getTime() - Date.now();
  }

  reset(): void {
    this.offsetMs = 0;
  }
}

@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
