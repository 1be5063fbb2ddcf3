// Check speed: the module's four field checks against what people would otherwise reach for,
// npm `validator` (isFQDN + isEmail), on the same strings, in the same process, with tinybench.
// One operation is one pass over the whole mixed input set (inputs.mjs); a run reports its median
// operations per second, and the runs are summarised as min / median / max.

import { Bench } from 'tinybench';
import validator from 'validator';
import { EMAILS, NAMES, SITES, TOKENS } from './inputs.mjs';
import { summarize } from './stats.mjs';

const RUNS = 5;

export async function measureCheckSpeed(api) {
  const { checkSite, checkEmail, checkToken, checkName } = api;
  // How many inputs of each field the module accepts (and proof that it answers at all).
  const accepted = {
    site: SITES.filter((s) => checkSite(s).ok).length,
    email: EMAILS.filter((s) => checkEmail(s).ok).length,
    token: TOKENS.filter((s) => checkToken(s).ok).length,
    name: NAMES.filter((s) => checkName(s).ok).length,
  };
  const modulePass = () => {
    for (let i = 0; i < SITES.length; i++) {
      checkSite(SITES[i]);
      checkEmail(EMAILS[i]);
      checkToken(TOKENS[i]);
      checkName(NAMES[i]);
    }
  };
  // The same work as validator does (site and email only), to tell the extra checks from overhead.
  const moduleSiteEmailPass = () => {
    for (let i = 0; i < SITES.length; i++) {
      checkSite(SITES[i]);
      checkEmail(EMAILS[i]);
    }
  };
  const validatorPass = () => {
    for (let i = 0; i < SITES.length; i++) {
      validator.isFQDN(SITES[i]);
      validator.isEmail(EMAILS[i]);
    }
  };

  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const bench = new Bench({ time: 400, warmupTime: 100, throws: true });
    bench.add('module', modulePass).add('module site+email', moduleSiteEmailPass).add('validator', validatorPass);
    await bench.run();
    const [module, siteEmail, other] = bench.tasks.map((task) => task.result.throughput.p50);
    runs.push({ module, siteEmail, validator: other });
  }

  const checksPerPass = { module: 4 * SITES.length, validator: 2 * SITES.length };
  return {
    inputs: SITES.length,
    accepted,
    moduleChecksPerSecond: summarize(runs.map((r) => r.module * checksPerPass.module)),
    validatorChecksPerSecond: summarize(runs.map((r) => r.validator * checksPerPass.validator)),
    /** Module passes/s ÷ validator passes/s: four checks per input against validator's two. */
    ratio: summarize(runs.map((r) => r.module / r.validator)),
    /** The same two checks on both sides. */
    siteEmailRatio: summarize(runs.map((r) => r.siteEmail / r.validator)),
  };
}
