/**
 * Stake gauges of the aggregator (`incsq_aggregator_quorum_stake`,
 * `incsq_aggregator_operator_stake`), set from the operator state the BLS aggregation service
 * loads at each task's creation block: the reader is wrapped, so no RPC call is added.
 *
 * @module
 */
import type { AggregatorMetrics } from "../metrics/mod.ts";
import type { AvsStateReader, OperatorAvsState } from "../aggregation/mod.ts";

/**
 * Sets the stake gauges from one operator-state load: per quorum the sum of the stakes of the
 * operators in it, per operator its stake in each quorum. Operators absent from the load lose
 * their series (deregistered or ejected), and every requested quorum gets a value (0 when empty).
 */
export function recordStakes(
  metrics: Pick<AggregatorMetrics, "quorumStake" | "operatorStake">,
  quorumNumbers: readonly number[],
  operators: readonly OperatorAvsState[],
): void {
  const totals = new Map<number, bigint>(quorumNumbers.map((q) => [q, 0n]));
  metrics.operatorStake.reset();
  for (const op of operators) {
    for (const q of quorumNumbers) {
      const stake = op.stakePerQuorum.get(q);
      if (stake === undefined) continue;
      totals.set(q, totals.get(q)! + stake);
      metrics.operatorStake.set(
        { operator_id: op.operatorId.toLowerCase(), quorum_number: String(q) },
        Number(stake),
      );
    }
  }
  metrics.quorumStake.reset();
  for (const [q, total] of totals) {
    metrics.quorumStake.set({ quorum_number: String(q) }, Number(total));
  }
}

/**
 * Wraps a state reader so that each load at a block at or after the newest one seen so far
 * updates the stake gauges. Older blocks (tasks resumed after a restart, loads finishing out of
 * order) leave the gauges alone, so they always describe the latest task's creation block.
 */
export function withStakeMetrics(
  reader: AvsStateReader,
  metrics: Pick<AggregatorMetrics, "quorumStake" | "operatorStake">,
): AvsStateReader {
  let newestBlock = -1;
  return {
    async getOperatorsAvsStateAtBlock(quorumNumbers, blockNumber) {
      const operators = await reader.getOperatorsAvsStateAtBlock(quorumNumbers, blockNumber);
      if (blockNumber >= newestBlock) {
        newestBlock = blockNumber;
        recordStakes(metrics, quorumNumbers, operators);
      }
      return operators;
    },
    getCheckSignaturesIndices: (blockNumber, quorumNumbers, nonSignerOperatorIds) =>
      reader.getCheckSignaturesIndices(blockNumber, quorumNumbers, nonSignerOperatorIds),
  };
}
