import { Page } from '../components/page.tsx'

export default function P() {
  return <Page title="Users">{null}</Page>
}
