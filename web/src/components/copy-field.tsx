import { ActionIcon, Code, CopyButton, Group, Tooltip } from '@mantine/core'
import { IconCheck, IconCopy, IconEye, IconEyeOff } from '@tabler/icons-react'
import { useState } from 'react'

/** A secret shown masked until revealed, with a copy button. */
export function SecretField({ value, label, testId }: { value: string; label: string; testId?: string }) {
  const [shown, setShown] = useState(false)
  return (
    <Group gap={4} wrap="nowrap">
      <Code data-testid={testId} style={{ wordBreak: 'break-all' }}>
        {shown ? value : `${value.slice(0, 6)}${'•'.repeat(16)}`}
      </Code>
      <Tooltip label={shown ? `Hide the ${label}` : `Reveal the ${label}`}>
        <ActionIcon variant="subtle" onClick={() => setShown(!shown)} aria-label={shown ? `Hide the ${label}` : `Reveal the ${label}`}>
          {shown ? <IconEyeOff size={16} aria-hidden /> : <IconEye size={16} aria-hidden />}
        </ActionIcon>
      </Tooltip>
      <CopyButton value={value}>
        {({ copied, copy }) => (
          <Tooltip label={copied ? 'Copied' : `Copy the ${label}`}>
            <ActionIcon variant="subtle" color={copied ? 'teal' : 'gray'} onClick={copy} aria-label={`Copy the ${label}`}>
              {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
            </ActionIcon>
          </Tooltip>
        )}
      </CopyButton>
    </Group>
  )
}
