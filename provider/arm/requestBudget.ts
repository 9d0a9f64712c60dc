/**
 * A budget of one class of ARM requests (reads, writes or deletes) for one subscription and
 * principal: a token bucket below ARM's own, so that this process never empties ARM's.
 * ARM throttles per subscription and principal with token buckets ("Understand how Azure
 * Resource Manager throttles requests", Microsoft Learn) and says on every answer how much is
 * left (x-ms-ratelimit-remaining-subscription-*). The budget follows what ARM says: the first
 * request of a class goes alone, so that its answer shows how much is left before a burst goes;
 * the budget never holds more than ARM has left less a reserve (a share of the bucket, so that
 * a small bucket is not emptied either); once ARM's count is down to the reserve it paces
 * itself to the refill the answers show (other clients of the subscription spend from the same
 * bucket); and a 429 holds every request of the class until its Retry-After, since one empty
 * bucket answers them all alike.
 *
 * When requests are short, the next goes to a claim without a recorded range first (a request
 * that starts or checks an operation), then to the wait whose operation is most likely to have
 * finished since it last looked (pollSchedule.ts: the recording's ranges as a prior), so the
 * budget is spent where it ends an operation rather than where it only confirms one is running.
 * While starts keep coming, the waits' looks leave them a share of the burst.
 */

import { realClock, type Clock } from "./clock";
import { chanceFinishedSince, type RecordedRange } from "./pollSchedule";

/** The budget's pace, and how much of it a quiet spell saves up. */
export interface BudgetSettings {
  perSecond: number;
  /** Requests that may go at once after a quiet spell. */
  burst: number;
  /**
   * Requests that may be on their way before ARM has answered one of this class (default: no
   * bound): the first answer says how much of ARM's bucket is left before a burst goes into it.
   */
  beforeFirstAnswer?: number;
}

/** A request's claim on the next token; a wait's claim says how likely its operation is done. */
export interface Claim {
  /** The operation's recorded range; none: a request that is not a wait's look goes first. */
  range?: RecordedRange;
  /** Since the operation started, now. */
  elapsedMs?(): number;
  /** Since the operation started, when the wait last saw it running. */
  lastLookMs?: number;
  /** True once the claimant's deadline has passed: a claim still queued then is let go. */
  outOfTime?: () => boolean;
}

/** How ARM answered a request the budget let go: status 0 when no answer came. */
export interface Answer {
  status: number;
  /** x-ms-ratelimit-remaining-subscription-* of this class. */
  remaining?: number;
  retryAfterMs?: number;
}

interface Queued {
  claim: Claim;
  settle: (ticket: number | undefined) => void;
}

/** A 429 without Retry-After holds the class this long. */
const DEFAULT_HOLD_MS = 1000;
/** The refill is read off ARM's answers over at least this span... */
const MIN_SPAN_MS = 1000;
/** ...and at most this one, so that the pace follows a change within seconds. */
const MAX_SPAN_MS = 4000;
/** Just below ARM's refill: its answers round the bucket down, and round trips lag. */
const PACE_MARGIN = 0.98;
const MIN_PER_SECOND = 0.2;
/**
 * The share of ARM's bucket (its capacity as its answers show) the budget never spends: what
 * the requests already on their way and the subscription's other clients may need, so that a
 * small bucket (a few writes) is not emptied either. At least one request.
 */
export const RESERVE_SHARE = 0.1;
/**
 * While requests that start or check an operation keep coming (the last within this long), a
 * wait's look leaves them STARTS_SHARE of the burst: the engine sends a bulk's creates over
 * seconds, and the polls of the first must not spend the reads the last need to start.
 */
const STARTS_WINDOW_MS = 1000;
export const STARTS_SHARE = 0.25;
/** A first request slower than this to answer (ARM unreachable, say) holds the rest no longer. */
export const FIRST_ANSWER_WAIT_MS = 2000;

interface Sample {
  at: number;
  remaining: number;
  /** Requests ARM had counted against the bucket by then (429s are not). */
  spent: number;
}

export class RequestBudget {
  private tokens: number;
  private refilledAt: number;
  private holdUntil = 0;
  private pace: number;
  /** The requests let go and not answered yet, by the order they were let go in. */
  private readonly inFlight = new Set<number>();
  private lastTicket = 0;
  private spent = 0;
  private samples: Sample[] = [];
  private highestRemaining = 0;
  /** Whether ARM has answered a request of this class yet (see beforeFirstAnswer). */
  private heard = false;
  private firstSentAt: number | undefined;
  /** Whether the pump is to look again when FIRST_ANSWER_WAIT_MS has passed. */
  private wakeAtFirstAnswerWait = false;
  /** When a request that starts or checks an operation was last let go. */
  private lastStartAt = -Infinity;
  /** When the pace last followed an estimate of ARM's refill. */
  private pacedAt = -Infinity;
  private readonly queue: Queued[] = [];
  private pumping = false;

  constructor(
    readonly settings: BudgetSettings,
    private readonly clock: Clock = realClock,
  ) {
    this.tokens = settings.burst;
    this.refilledAt = clock.now();
    this.pace = settings.perSecond;
  }

  /**
   * Resolves true when the claimant may send one request; false, within a token's interval,
   * if its deadline passes while it waits in line (the caller then says it ran out of time).
   * A granted request is answered() once ARM answers it (or fails to).
   */
  take(claim: Claim = {}): Promise<boolean> {
    return this.admit(claim).then((ticket) => ticket !== undefined);
  }

  /** As take(), with the request's ticket (its place in the order let go) for answered(). */
  admit(claim: Claim = {}): Promise<number | undefined> {
    this.refill();
    // A start goes ahead of the waits in line, not of other starts.
    const ahead = isStart(claim) ? this.queue.filter((q) => isStart(q.claim)) : this.queue;
    if (ahead.length === 0 && this.mayGoFor(claim)) {
      return Promise.resolve(this.grant(claim));
    }
    return new Promise((settle) => {
      this.queue.push({ claim, settle });
      void this.pump();
    });
  }

  /**
   * What ARM said of a request this budget let go (by its ticket; without one, the oldest).
   * ARM's count left already has every request it took before this one; of ours, only those
   * let go after it may still be on their way.
   */
  answered(answer: Answer, ticket = Math.min(...this.inFlight)): void {
    this.follow(answer, ticket);
    // The first answer of the class lets the claims waiting for it go.
    if (this.queue.length > 0) void this.pump();
  }

  private follow(answer: Answer, ticket: number): void {
    this.inFlight.delete(ticket);
    const sentAfter = [...this.inFlight].filter((t) => t > ticket).length;
    const now = this.clock.now();
    this.refill();
    if (answer.status !== 0) this.heard = true;
    if (answer.status === 429) {
      // Until the answers show ARM's refill, slow down: this one said it was slower. Once
      // per hold: the requests that were in flight with it say nothing more.
      if (now >= this.holdUntil) this.pace = Math.max(MIN_PER_SECOND, this.pace * 0.8);
      this.holdUntil = Math.max(this.holdUntil, now + (answer.retryAfterMs ?? DEFAULT_HOLD_MS));
      // One request may try again at Retry-After; the rest follow at the pace.
      this.tokens = Math.min(this.tokens, 1);
      return;
    }
    if (answer.status !== 0) this.spent += 1;
    if (answer.remaining === undefined) return;
    this.highestRemaining = Math.max(this.highestRemaining, answer.remaining);
    // What ARM had left, less what is on its way there now and the reserve.
    const spendable = answer.remaining - sentAfter - this.reserve;
    this.tokens = Math.min(this.tokens, Math.max(0, spendable));
    this.followRefill({ at: now, remaining: answer.remaining, spent: this.spent });
  }

  /** How many claims wait for a token now. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Requests per second the budget grants now (ARM's refill as its answers show, or less). */
  get perSecond(): number {
    return this.pace;
  }

  /**
   * Requests of ARM's bucket kept back: a share of its capacity, which its fullest answer
   * shows (the count left after that request, so one more).
   */
  private get reserve(): number {
    return Math.max(1, Math.ceil((this.highestRemaining + 1) * RESERVE_SHARE));
  }

  /** As mayGo(), for this claim: a wait's look leaves the starts their share. */
  private mayGoFor(claim: Claim): boolean {
    return this.mayGo() && (isStart(claim) || this.tokens >= 1 + this.keptForStarts());
  }

  /** Tokens a wait's look leaves now for the requests that start or check an operation. */
  private keptForStarts(): number {
    if (this.clock.now() - this.lastStartAt >= STARTS_WINDOW_MS) return 0;
    return Math.floor(this.settings.burst * STARTS_SHARE);
  }

  /** A token, no hold, and room for one more on the way if ARM has not answered yet. */
  private mayGo(): boolean {
    return this.tokens >= 1 && this.clock.now() >= this.holdUntil && !this.awaitingFirstAnswer();
  }

  private awaitingFirstAnswer(): boolean {
    const allowed = this.settings.beforeFirstAnswer ?? Infinity;
    if (this.heard || this.inFlight.size < allowed) return false;
    if (this.clock.now() - (this.firstSentAt ?? 0) < FIRST_ANSWER_WAIT_MS) return true;
    this.heard = true;
    return false;
  }

  private grant(claim: Claim): number {
    this.firstSentAt ??= this.clock.now();
    if (isStart(claim)) this.lastStartAt = this.clock.now();
    this.tokens -= 1;
    this.lastTicket += 1;
    this.inFlight.add(this.lastTicket);
    return this.lastTicket;
  }

  /**
   * While ARM's bucket has room, the pace creeps back up to the settings. Once ARM's count is
   * down to the reserve (this budget, with the subscription's other clients, spends faster than
   * ARM refills, or the bucket is smaller than the settings assume), the pace is ARM's refill
   * over the recent answers: what is left now, less what was left then, plus what was spent in
   * between. Answers of concurrent requests arrive out of ARM's order, so the estimate is taken
   * at most once per span and never more than halves the pace; answers that may have found the
   * bucket full say nothing.
   */
  private followRefill(sample: Sample): void {
    this.samples.push(sample);
    while (this.samples.length > 1 && sample.at - this.samples[0].at > MAX_SPAN_MS) {
      this.samples.shift();
    }
    if (sample.remaining >= this.highestRemaining / 2) {
      this.pace = Math.min(this.settings.perSecond, this.pace * 1.05);
      return;
    }
    // Answers at ARM's fullest may have found the bucket full: the span starts after them.
    const first = this.samples.find((s) => s.remaining < this.highestRemaining);
    if (!first || sample.remaining > this.reserve) return;
    const span = sample.at - first.at;
    if (span < MIN_SPAN_MS || sample.at - this.pacedAt < MIN_SPAN_MS) return;
    this.pacedAt = sample.at;
    const refill =
      ((sample.remaining - first.remaining + sample.spent - first.spent) * 1000) / span;
    const floor = Math.max(MIN_PER_SECOND, this.pace / 2);
    this.pace = Math.min(this.settings.perSecond, Math.max(floor, refill * PACE_MARGIN));
  }

  private refill(): void {
    const now = this.clock.now();
    const from = Math.max(this.refilledAt, Math.min(now, this.holdUntil));
    const earned = ((now - from) / 1000) * this.pace;
    // The epsilon absorbs float error: 1/12 s of refill must make exactly one token.
    this.tokens = Math.min(this.settings.burst, this.tokens + earned + 1e-9);
    this.refilledAt = now;
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        this.letGoOutOfTime();
        if (this.queue.length === 0) break;
        this.refill();
        const now = this.clock.now();
        // Until ARM answers the first request of the class, the next waits for that answer.
        if (this.awaitingFirstAnswer()) {
          this.wakeWhenFirstAnswerWaitEnds();
          break;
        }
        if (now < this.holdUntil || this.tokens < 1) {
          const untilOne = ((1 - this.tokens) / this.pace) * 1000;
          // At least a millisecond, so that rounding never spins on a token just short of 1;
          // at most a second, so that a claim whose deadline passes is let go by then.
          const wait = Math.max(this.holdUntil - now, untilOne);
          await this.clock.sleep(Math.min(1000, Math.max(1, Math.ceil(wait))));
          continue;
        }
        const next = this.first();
        const { claim } = this.queue[next];
        if (!this.mayGoFor(claim)) {
          // A wait's look, while the starts keep their share: until the tokens cover it too, or
          // the starts stop.
          const untilCovered = ((1 + this.keptForStarts() - this.tokens) / this.pace) * 1000;
          const untilQuiet = this.lastStartAt + STARTS_WINDOW_MS - now;
          const wait = Math.min(untilCovered, untilQuiet);
          await this.clock.sleep(Math.min(1000, Math.max(1, Math.ceil(wait))));
          continue;
        }
        this.queue.splice(next, 1)[0].settle(this.grant(claim));
      }
    } finally {
      this.pumping = false;
    }
  }

  private wakeWhenFirstAnswerWaitEnds(): void {
    if (this.wakeAtFirstAnswerWait) return;
    this.wakeAtFirstAnswerWait = true;
    const since = this.clock.now() - (this.firstSentAt ?? 0);
    void this.clock.sleep(FIRST_ANSWER_WAIT_MS - since).then(() => this.pump());
  }

  private letGoOutOfTime(): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      if (this.queue[i].claim.outOfTime?.()) {
        this.queue.splice(i, 1)[0].settle(undefined);
      }
    }
  }

  /** The claim without a range that came first; else the wait most likely finished. */
  private first(): number {
    const chance = ({ claim }: Queued) =>
      claim.range && claim.elapsedMs
        ? chanceFinishedSince(claim.range, claim.lastLookMs ?? 0, claim.elapsedMs())
        : Infinity;
    let best = 0;
    for (let i = 1; i < this.queue.length; i++) {
      if (chance(this.queue[i]) > chance(this.queue[best])) best = i;
    }
    return best;
  }
}

/** A request that starts or checks an operation: not a wait's look (which has a range). */
function isStart(claim: Claim): boolean {
  return claim.range === undefined;
}
