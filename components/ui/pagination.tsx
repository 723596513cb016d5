import Link from "next/link";
import { buttonClasses } from "./button";

/** "21–40 of 73" with Newer / Older links; renders nothing when everything fits on one page. */
export function Pagination({
  label,
  offset,
  pageSize,
  total,
  href,
}: {
  label: string;
  offset: number;
  pageSize: number;
  total: number;
  href: (offset: number) => string;
}) {
  if (total <= pageSize) return null;
  return (
    <nav aria-label={label} className="mt-4 flex items-center justify-between text-sm">
      <span className="text-slate-600">
        {offset + 1}–{Math.min(offset + pageSize, total)} of {total}
      </span>
      <span className="flex gap-2">
        {offset > 0 && (
          <Link className={buttonClasses("secondary")} href={href(Math.max(0, offset - pageSize))}>
            Newer
          </Link>
        )}
        {offset + pageSize < total && (
          <Link className={buttonClasses("secondary")} href={href(offset + pageSize)}>
            Older
          </Link>
        )}
      </span>
    </nav>
  );
}
