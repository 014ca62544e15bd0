import type { FC } from "hono/jsx";
import type { SubsetVerdict } from "../../../../core/mod.ts";

/** Maps a table index to the miner's uid. */
export type UidOf = (index: number) => number;

const Uid: FC<{ uid: number }> = ({ uid }) => <a href={`/miners/${uid}`}>uid {uid}</a>;

/** A verdict in words, with links to the miners it names. */
export const VerdictText: FC<{ v: SubsetVerdict; uidOf: UidOf }> = ({ v, uidOf }) => {
  switch (v.kind) {
    case "winner":
      return (
        <>
          won by <Uid uid={uidOf(v.winner)} />
        </>
      );
    case "no_skill":
      return (
        <>
          no winner, <strong>no skill</strong>: <Uid uid={uidOf(v.candidate)} />{" "}
          beats everyone here but solved none of these environments
        </>
      );
    case "trade_off":
      return (
        <>
          no winner, <strong>trade-off</strong>: nobody beats{" "}
          <Uid uid={uidOf(v.a)} />, and it does not beat <Uid uid={uidOf(v.b)} />{" "}
          either (each is better beyond the noise margin somewhere)
        </>
      );
    case "cycle":
      return (
        <>
          no winner, <strong>cycle</strong>: {v.cycle.map((i, n) => (
            <>
              <Uid uid={uidOf(i)} /> beats{" "}
              {n === v.cycle.length - 1 ? <Uid uid={uidOf(v.cycle[0])} /> : null}
            </>
          ))} (a tie goes to the earlier commit, which is not transitive)
        </>
      );
    case "empty":
      return <>no winner: no miner has a result</>;
  }
};

/** The verdict as plain text (for titles and data attributes). */
export function verdictKind(v: SubsetVerdict): string {
  return v.kind === "winner" ? "won" : v.kind.replace("_", "-");
}
