export default function OverviewPage() {
  return <main><h1>Lifeguard</h1></main>;
}
