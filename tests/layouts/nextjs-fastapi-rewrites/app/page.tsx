export default function Home() {
  return <main>Next.js + FastAPI</main>;
}
