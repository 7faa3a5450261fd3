// Default output paths strip only the model's extension.
import { defaultOutputPaths } from '../../lib';

describe('default output paths', () => {
  test.each([
    ['models/net.v2.pt', 'models/net.v2.compiled.ll', 'models/net.v2.compiled.pt'],
    ['./m.pt', './m.compiled.ll', './m.compiled.pt'],
    ['m.pt', 'm.compiled.ll', 'm.compiled.pt'],
    ['dir.with.dots/model', 'dir.with.dots/model.compiled.ll', 'dir.with.dots/model.compiled.pt'],
    ['/abs/path/model.pth', '/abs/path/model.compiled.ll', '/abs/path/model.compiled.pt'],
    ['model', 'model.compiled.ll', 'model.compiled.pt'],
  ])('%s', (model, outputLlvm, outputModel) => {
    const outputObject = outputLlvm.replace(/\.ll$/, '.o');
    expect(defaultOutputPaths(model)).toEqual({ outputLlvm, outputModel, outputObject });
  });
});
