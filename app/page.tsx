export default function OverviewPage() {
  return <p className="text-sm text-slate-500">Overview is being built.</p>;
}
