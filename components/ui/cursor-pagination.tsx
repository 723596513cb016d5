import Link from "next/link";
import { buttonClasses } from "./button";

/**
 * Newest / Newer / Older / Oldest links for a list paged by cursor, with how many items there are ("10,000+"
 * once the count stops). Renders nothing when everything fits on one page.
 */
export function CursorPagination({
  label,
  shown,
  total,
  totalCapped,
  nextCursor,
  previousCursor,
  href,
}: {
  label: string;
  shown: number;
  total: number;
  totalCapped: boolean;
  nextCursor: string | null;
  previousCursor: string | null;
  /** The address of the page at `cursor` (null: the first page). */
  href: (cursor: string | null) => string;
}) {
  if (!nextCursor && !previousCursor) return null;
  const count = `${total.toLocaleString("en-US")}${totalCapped ? "+" : ""}`;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
      <span className="text-slate-600">
        {shown} shown of {count}
      </span>
      <span className="flex flex-wrap gap-2">
        {previousCursor && (
          <>
            <Link className={buttonClasses("secondary")} href={href(null)}>
              Newest
            </Link>
            <Link className={buttonClasses("secondary")} href={href(previousCursor)}>
              Newer
            </Link>
          </>
        )}
        {nextCursor && (
          <>
            <Link className={buttonClasses("secondary")} href={href(nextCursor)}>
              Older
            </Link>
            <Link className={buttonClasses("secondary")} href={href("oldest")}>
              Oldest
            </Link>
          </>
        )}
      </span>
    </nav>
  );
}
