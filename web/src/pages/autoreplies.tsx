import { Page } from '../components/page.tsx'

export default function P() {
  return <Page title="Auto-replies">{null}</Page>
}
