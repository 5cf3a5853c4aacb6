/**
 * What the source files actually say about each organization, accumulated
 * from the rows that survive (a quarantined row reports nothing). The truth
 * is computed from this, not from the clean model, so a hub that reads every
 * readable row correctly reaches exactly the same answers.
 *
 * Every fold is order-independent ("latest" = greatest period, never "last
 * written"), so the file processing order cannot change the result.
 */
import { type AsOf, inWindow, type MonthIndex } from './dates.js';

export interface Registration {
  readonly entType: string | null;
  readonly soType: string | null;
  readonly status: string;
  /** 行政区划代码 as stated (normalized), or null when the cell is empty. */
  readonly division: string | null;
  readonly supervisor: string | null;
}

export class Observed {
  readonly known: Uint8Array;
  readonly usccSeen: Uint8Array;
  readonly registration: (Registration | undefined)[];
  readonly ssLatestMonth: Int32Array;
  readonly ssLatestCount: Int32Array;
  readonly ssInsuredInWindow: Uint8Array;
  readonly taxLatestMonth: Int32Array;
  readonly taxLatestState: (string | undefined)[];
  readonly iitLatestMonth: Int32Array;
  readonly iitLatestCount: Int32Array;
  readonly taxAddress: Uint8Array;
  readonly reportLatestYear: Int32Array;
  readonly reportLatest: ({ employees: number | null; state: string } | undefined)[];
  readonly reportAddress: Uint8Array;
  readonly inspectionYear: Int32Array;
  readonly inspectionResult: (string | undefined)[];
  readonly coveredByBody: Uint8Array;
  readonly coveredByTemporary: Uint8Array;
  readonly guided: Uint8Array;
  readonly formalMembers: Int32Array;
  readonly otherMembers: Int32Array;
  private readonly memberSeen: Uint8Array;

  constructor(
    orgCount: number,
    memberCount: number,
    private readonly asOf: AsOf,
  ) {
    const none = (): Int32Array => new Int32Array(orgCount).fill(-1);
    this.known = new Uint8Array(orgCount);
    this.usccSeen = new Uint8Array(orgCount);
    this.registration = new Array<Registration | undefined>(orgCount);
    this.ssLatestMonth = none();
    this.ssLatestCount = new Int32Array(orgCount);
    this.ssInsuredInWindow = new Uint8Array(orgCount);
    this.taxLatestMonth = none();
    this.taxLatestState = new Array<string | undefined>(orgCount);
    this.iitLatestMonth = none();
    this.iitLatestCount = new Int32Array(orgCount);
    this.taxAddress = new Uint8Array(orgCount);
    this.reportLatestYear = none();
    this.reportLatest = new Array<{ employees: number | null; state: string } | undefined>(orgCount);
    this.reportAddress = new Uint8Array(orgCount);
    this.inspectionYear = none();
    this.inspectionResult = new Array<string | undefined>(orgCount);
    this.coveredByBody = new Uint8Array(orgCount);
    this.coveredByTemporary = new Uint8Array(orgCount);
    this.guided = new Uint8Array(orgCount);
    this.formalMembers = new Int32Array(orgCount);
    this.otherMembers = new Int32Array(orgCount);
    this.memberSeen = new Uint8Array(memberCount);
  }

  /** A surviving row names this organization; `byUscc` when it carried the full code. */
  seen(org: number, byUscc: boolean): void {
    this.known[org] = 1;
    if (byUscc) this.usccSeen[org] = 1;
  }

  registered(org: number, r: Registration): void {
    // Duplicate registrar rows are generated identical, so any one will do.
    this.registration[org] = r;
  }

  socialSecurity(org: number, month: MonthIndex, insured: number): void {
    if (!inWindow(this.asOf, month)) return;
    if (insured > 0) this.ssInsuredInWindow[org] = 1;
    if (month > this.ssLatestMonth[org]!) {
      this.ssLatestMonth[org] = month;
      this.ssLatestCount[org] = insured;
    }
  }

  tax(org: number, month: MonthIndex, state: string, withheld: number, hasAddress: boolean): void {
    if (hasAddress) this.taxAddress[org] = 1;
    if (month > this.taxLatestMonth[org]!) {
      this.taxLatestMonth[org] = month;
      this.taxLatestState[org] = state;
    }
    if (inWindow(this.asOf, month) && month > this.iitLatestMonth[org]!) {
      this.iitLatestMonth[org] = month;
      this.iitLatestCount[org] = withheld;
    }
  }

  annualReport(org: number, year: number, employees: number | null, state: string, hasAddress: boolean): void {
    if (hasAddress) this.reportAddress[org] = 1;
    if (year > this.reportLatestYear[org]!) {
      this.reportLatestYear[org] = year;
      this.reportLatest[org] = { employees, state };
    }
  }

  /** Only inspections of the two report years before the as-of year can decide. */
  inspection(org: number, year: number, result: string): void {
    if (year < this.asOf.year - 2 || year > this.asOf.year - 1) return;
    if (year > this.inspectionYear[org]!) {
      this.inspectionYear[org] = year;
      this.inspectionResult[org] = result;
    }
  }

  covered(org: number, temporary: boolean): void {
    if (temporary) this.coveredByTemporary[org] = 1;
    else this.coveredByBody[org] = 1;
  }

  guidedBy(org: number): void {
    this.guided[org] = 1;
  }

  /** A person listed twice (two files) is still one member. */
  member(member: number, employer: number, formal: boolean, mobile: boolean): void {
    if (this.memberSeen[member]) return;
    this.memberSeen[member] = 1;
    const counts = formal && !mobile ? this.formalMembers : this.otherMembers;
    counts[employer] = counts[employer]! + 1;
  }
}
